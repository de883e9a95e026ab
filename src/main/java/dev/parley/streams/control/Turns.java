package dev.parley.streams.control;

import dev.parley.platform.Bodies;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.List;

/**
 * Where turns begin and end on {@code .out}, read from the records alone (wire rule W12): a turn ends with a
 * {@code turn-complete} whose {@code session-in-event-id} is the highest {@code .in} seq consumed by then, and the
 * next turn answers the next {@code .in} record that asks for work.
 */
@ApplicationScoped
public class Turns {

    private static final int IN_PAGE = 1_000;
    /** The newest {@code .out} records {@link #settled} looks at. */
    private static final int WINDOW = 32;

    @Inject
    RecordReader reader;

    /** The {@code session-in-event-id} of a turn-complete record (null: none), or -1 when it has none. */
    public static long answeredInSeq(StreamRecord turnComplete) {
        return turnComplete == null ? -1 : TurnTail.answeredInSeq(turnComplete);
    }

    /** The highest seq in {@code [fromSeq, toSeq]} of an {@code .in} record that starts a turn, or -1. */
    public long lastWorkIn(String sessionId, long fromSeq, long toSeq) {
        long found = -1;
        while (fromSeq <= toSeq) {
            List<StreamRecord> page = reader.range(sessionId, Io.IN, fromSeq, toSeq, IN_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (StreamRecord r : page) {
                if (asksForWork(r)) {
                    found = r.seq();
                }
            }
            fromSeq = page.get(page.size() - 1).seq() + 1;
        }
        return found;
    }

    /** Whether an {@code .in} record after {@code inSeq} asks for a turn. */
    public boolean workAfter(String sessionId, long inSeq) {
        for (StreamRecord r : reader.range(sessionId, Io.IN, inSeq + 1, Long.MAX_VALUE, 100)) {
            if (asksForWork(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Settled when the newest non-command record is the session-closed marker, or a turn-complete that answered every
     * message on {@code .in}: a message its {@code session-in-event-id} does not cover means a turn is still to come.
     * A transient chunk is no part of any turn's message (a chat store change a client made between turns is one), so
     * it is passed over like a command. With {@code emptyIsSettled}, a channel without records (or with passed-over
     * ones only) is settled unless a message waits for its first turn.
     */
    public boolean settled(String sessionId, boolean emptyIsSettled) {
        List<StreamRecord> last = reader.last(sessionId, Io.OUT, WINDOW);
        for (int i = last.size() - 1; i >= 0; i--) {
            StreamRecord r = last.get(i);
            if (r.command() || transientChunk(r)) {
                continue;
            }
            String subtype = r.controlSubtype();
            if ("session-closed".equals(subtype)) {
                return true;
            }
            return "turn-complete".equals(subtype) && !workAfter(sessionId, answeredInSeq(r));
        }
        // no turn has written yet (a full window of passed-over records says nothing, so it is not settled)
        return emptyIsSettled && last.size() < WINDOW && !workAfter(sessionId, -1);
    }

    /** A data record whose chunk says {@code transient: true} (a turn in flight has its {@code start} before it). */
    private static boolean transientChunk(StreamRecord r) {
        return r.controlSubtype() == null && r.body() != null && r.body().contains("\"transient\":true")
                && Bodies.parse(r.body()) instanceof JsonObject o && o.get("data") instanceof JsonObject chunk
                && chunk.getBoolean("transient", false);
    }

    private static boolean asksForWork(StreamRecord r) {
        return r.body() != null && Bodies.parse(r.body()) instanceof JsonObject o
                && o.get("data") instanceof JsonString raw && InputChunks.startsRun(raw.getString());
    }
}
