package dev.parley.aisdk.control;

import dev.parley.platform.Ids;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stop for AI SDK chats (decision D17): the same {@code {"kind":"stop"}} record the trigger.dev transport appends,
 * so the run stops the turn streaming when it arrives (and a stop that finds no turn is only consumed, decision D4).
 */
@ApplicationScoped
public class ChatStops {

    private static final Logger LOG = Logger.getLogger(ChatStops.class.getName());
    static final String STOP = "{\"kind\":\"stop\"}";

    @Inject
    GroupCommit groupCommit;

    public StreamRecord stop(String sessionId) {
        return groupCommit.append(sessionId, Io.IN, NewRecord.text(STOP, Ids.recordId()), null);
    }

    /** A client that left mid-turn: its turn is stopped. A failure is logged; the turn then runs to its end. */
    public void stopAbandoned(String sessionId) {
        try {
            stop(sessionId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not stop the turn of session " + sessionId + " after its client left", e);
        }
    }
}
