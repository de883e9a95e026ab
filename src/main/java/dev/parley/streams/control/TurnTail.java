package dev.parley.streams.control;

import dev.parley.platform.Bodies;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows {@code .out} for one turn on behalf of a blocking reader (the AI SDK's UI message stream): the data chunks
 * of the turn that answers a given {@code .in} message, from the committed tail and then live from memory, ending at
 * that turn's {@code turn-complete}. Turns answer messages in {@code .in} order, so the records of earlier turns still
 * streaming are told apart by the {@code session-in-event-id} of their own turn-complete.
 */
@ApplicationScoped
public class TurnTail {

    private static final int PAGE = 500;

    @Inject
    RecordReader reader;

    @Inject
    TailHub hub;

    /** Where a turn's chunks go. */
    @FunctionalInterface
    public interface Sink {
        void chunk(String chunkJson) throws IOException;
    }

    /** Why following stopped. */
    public enum End { TURN_COMPLETE, SESSION_CLOSED, TIMED_OUT }

    /**
     * @param cursor  the last {@code .out} seq not to look at
     * @param answers the {@code .in} seq whose turn-complete ends the stream
     */
    public End follow(String sessionId, long cursor, long answers, Sink sink, long maxMillis)
            throws IOException, InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        Condition more = lock.newCondition();
        TailHub.Listener wake = records -> {
            lock.lock();
            try {
                more.signalAll();
            } finally {
                lock.unlock();
            }
        };
        hub.register(sessionId, Io.OUT, wake);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
            while (System.nanoTime() < deadline) {
                List<StreamRecord> page = reader.range(sessionId, Io.OUT, cursor + 1, Long.MAX_VALUE, PAGE);
                for (StreamRecord r : page) {
                    cursor = r.seq();
                    String control = r.controlSubtype();
                    if ("session-closed".equals(control)) {
                        return End.SESSION_CLOSED;
                    }
                    if ("turn-complete".equals(control)) {
                        long answered = answeredInSeq(r);
                        if (answered >= answers) {
                            return End.TURN_COMPLETE; // also when a steered turn answered ours with an earlier one
                        }
                        continue;
                    }
                    if (!r.command() && r.body() != null
                            && Bodies.parse(r.body()) instanceof JsonObject o && o.get("data") instanceof JsonObject chunk) {
                        sink.chunk(chunk.toString());
                    }
                }
                if (page.size() == PAGE) {
                    continue;
                }
                lock.lock();
                try {
                    if (reader.nextSeq(sessionId, Io.OUT) - 1 <= cursor) {
                        more.await(15, TimeUnit.SECONDS); // a re-read now and then, should a wake-up be missed
                    }
                } finally {
                    lock.unlock();
                }
            }
            return End.TIMED_OUT;
        } finally {
            hub.unregister(sessionId, Io.OUT, wake);
        }
    }

    /** The {@code session-in-event-id} of a turn-complete record, or -1. */
    public static long answeredInSeq(StreamRecord turnComplete) {
        if (turnComplete.headers() == null) {
            return -1;
        }
        for (JsonValue h : Bodies.parse(turnComplete.headers()).asJsonArray()) {
            if (h instanceof JsonArray pair && pair.size() == 2 && "session-in-event-id".equals(pair.getString(0, ""))) {
                try {
                    return Long.parseLong(pair.getString(1, "-1"));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
