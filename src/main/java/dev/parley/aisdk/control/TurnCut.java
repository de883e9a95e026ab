package dev.parley.aisdk.control;

import dev.parley.platform.Bodies;
import dev.parley.streams.control.Turns;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one turn out of {@code .out} for a UI message stream (decision D17). Invariant: only the data chunks of the
 * wanted turn pass, each once and in order, from its {@code start}; control and command records never pass; the cut
 * is complete at the turn's {@code turn-complete} (or when the session closes).
 * <p>
 * The records are read from just after a turn-complete that answered {@code .in} up to {@code answeredIn}. A turn
 * that starts after a boundary answering at least {@code lastEarlierWork} (the last message queued before ours) is
 * ours; earlier turns still in flight or queued are skipped. Our turn ends at the first turn-complete whose
 * {@code session-in-event-id} reaches {@code ownIn} (a stop consumed after our message still counts).
 * <p>
 * {@link #accept} runs on one delivery at a time; {@link #streaming()} and {@link #complete()} may be read from
 * other threads.
 */
public final class TurnCut {

    private final long ownIn;
    private final long lastEarlierWork;
    private long answeredIn;
    private boolean inOwnTurn;
    private volatile boolean started;
    private volatile boolean complete;

    /**
     * @param ownIn           the {@code .in} seq of the message this stream answers; {@code Long.MIN_VALUE} for
     *                        "whichever turn comes first" (a resume)
     * @param answeredIn      the {@code session-in-event-id} of the boundary the reading starts after (-1: none)
     * @param lastEarlierWork the last {@code .in} seq before ours that asks for a turn ({@code Long.MIN_VALUE}: none)
     */
    public TurnCut(long ownIn, long answeredIn, long lastEarlierWork) {
        this.ownIn = ownIn;
        this.answeredIn = answeredIn;
        this.lastEarlierWork = lastEarlierWork;
    }

    /** A resume: the first turn after the boundary, whatever it answers. */
    public static TurnCut firstTurn() {
        return new TurnCut(Long.MIN_VALUE, -1, Long.MIN_VALUE);
    }

    /** The chunk objects (JSON text) of these records that belong to the stream, in order. */
    public List<String> accept(List<StreamRecord> records) {
        List<String> out = new ArrayList<>();
        for (StreamRecord r : records) {
            if (complete) {
                break;
            }
            if (r.command()) {
                continue;
            }
            String control = r.controlSubtype();
            if (control != null) {
                boundary(control, r);
                continue;
            }
            JsonObject chunk = chunk(r);
            if (chunk == null) {
                continue;
            }
            if ("start".equals(chunk.getString("type", ""))) {
                inOwnTurn = answeredIn >= lastEarlierWork;
                started |= inOwnTurn;
            }
            if (inOwnTurn) {
                out.add(chunk.toString());
            }
        }
        return out;
    }

    private void boundary(String control, StreamRecord r) {
        if ("session-closed".equals(control)) {
            complete = true;
        } else if ("turn-complete".equals(control)) {
            long answered = Turns.answeredInSeq(r);
            if (answered >= ownIn || ownIn == Long.MIN_VALUE) {
                complete = true;
            }
            answeredIn = Math.max(answeredIn, answered);
            inOwnTurn = false;
        }
    }

    /** True once the turn (or the session) has ended. */
    public boolean complete() {
        return complete;
    }

    /** True while our turn is streaming: its {@code start} was seen and its turn-complete not yet. */
    public boolean streaming() {
        return started && !complete;
    }

    private static JsonObject chunk(StreamRecord r) {
        if (r.body() == null || !r.body().startsWith("{\"data\":{")) {
            return null;
        }
        return Bodies.parse(r.body()) instanceof JsonObject o && o.get("data") instanceof JsonObject data ? data : null;
    }
}
