package dev.parley.runs.control;

import dev.parley.platform.Ids;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a chat is told when its turn fails. Failure detail (provider error bodies, SQL text, stack traces) belongs in
 * the server log, never on {@code .out}, where every holder of the chat's token reads it: the client gets a generic
 * text with an error id, and the log line carrying the detail names the same id. Only a rejection of the client's own
 * input ({@link #ofInput}) is shown as it is, because it is the client's to correct.
 */
record TurnError(String id, String clientText) {

    private static final Logger LOG = Logger.getLogger(TurnError.class.getName());

    /** Logs {@code cause} under a fresh error id; what the client sees names only the id. */
    static TurnError of(String where, Throwable cause) {
        String id = "err_" + Ids.random(12);
        LOG.log(cause instanceof Error ? Level.SEVERE : Level.WARNING, where + " failed (error id " + id + ")", cause);
        return new TurnError(id, "The agent could not answer (error id " + id + ").");
    }

    /** Logs a failure reported as text (a model's error chunk) under a fresh error id. */
    static TurnError ofText(String where, String detail) {
        String id = "err_" + Ids.random(12);
        LOG.warning(where + " failed (error id " + id + "): " + detail);
        return new TurnError(id, "The agent could not answer (error id " + id + ").");
    }

    /** The client's input was rejected (an invalid message, client data failing the agent's schema). */
    static TurnError ofInput(String message) {
        return new TurnError(null, message);
    }

    /** Runs crashed on this input {@code crashes} times in a row: it gets this error instead of another recovery. */
    static TurnError gaveUp(String where, int crashes) {
        String id = "err_" + Ids.random(12);
        LOG.warning(where + ": " + crashes + " runs in a row crashed on this input; answering it with an error (error id " + id + ")");
        return new TurnError(id, "The agent failed " + crashes + " times on this message (error id " + id + ").");
    }

    /** The turn outlived its time limit and did not stop when asked. */
    static TurnError hung(String where, String limit) {
        String id = "err_" + Ids.random(12);
        LOG.warning(where + " did not stop at its " + limit + "; closed without it (error id " + id + ")");
        return new TurnError(id, "The agent did not answer within its time limit (error id " + id + ").");
    }
}
