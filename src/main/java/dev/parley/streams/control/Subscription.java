package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE reader of one channel (wire rule W10). Invariant: every committed record at or after the start position is
 * sent exactly once and in seq order. The cursor only moves forward; live records from the hub that are not the
 * next expected seq trigger a read of the committed gap; duplicates (seq ≤ cursor) are dropped. At most one
 * delivery runs at a time, so sends never interleave, and the final {@code [DONE]} follows the last batch. How records
 * look on the wire is the {@link Framing}'s business: the S2 batch dialect by default.
 */
public final class Subscription implements TailHub.Listener {

    private static final Logger LOG = Logger.getLogger(Subscription.class.getName());
    private static final int PAGE = 500;
    /** How long one delivery task may write before it lets other streams' deliveries go first. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final String sessionId;
    private final Io io;
    private final SseEventSink sink;
    private final Sse sse;
    private final RecordReader reader;
    private final Executor executor;
    private final long timeoutNanos;
    private final boolean drainOnly;
    private final Runnable onClose;
    private final Framing framing;

    private final ArrayDeque<StreamRecord> inbox = new ArrayDeque<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean draining;
    private boolean catchUp = true;
    private long cursor;
    private volatile long lastRecordNanos = System.nanoTime();
    /** When the write in progress started, or 0: a reader that stops reading blocks its write, never others. */
    private volatile long writeStartedNanos;
    private volatile long highestKnown;
    private volatile boolean closed;

    /**
     * @param cursor     the last seq the client has (the first record sent is cursor + 1)
     * @param drainOnly  {@code wait=0}: send what exists, then {@code [DONE]}
     */
    public Subscription(String sessionId, Io io, long cursor, SseEventSink sink, Sse sse, RecordReader reader,
                        Executor executor, int timeoutSeconds, boolean drainOnly, Runnable onClose) {
        this(sessionId, io, cursor, sink, sse, reader, executor, timeoutSeconds, drainOnly, onClose, new S2Batches(false));
    }

    public Subscription(String sessionId, Io io, long cursor, SseEventSink sink, Sse sse, RecordReader reader,
                        Executor executor, int timeoutSeconds, boolean drainOnly, Runnable onClose, Framing framing) {
        this.framing = framing;
        this.sessionId = sessionId;
        this.io = io;
        this.cursor = cursor;
        this.highestKnown = cursor;
        this.sink = sink;
        this.sse = sse;
        this.reader = reader;
        this.executor = executor;
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
        this.drainOnly = drainOnly;
        this.onClose = onClose;
    }

    public String sessionId() {
        return sessionId;
    }

    public Io io() {
        return io;
    }

    public boolean closed() {
        return closed || sink.isClosed();
    }

    /** Starts delivery: the backlog from the database first, then live records. */
    public void start() {
        schedule();
    }

    @Override
    public void offer(List<StreamRecord> records) {
        if (closed) {
            return;
        }
        synchronized (this) {
            inbox.addAll(records);
        }
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (draining || closed) {
                return;
            }
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                draining = false;
            }
            LOG.log(Level.WARNING, "SSE delivery could not be scheduled; closing the stream", e);
            close(false);
        }
    }

    private void drain() {
        long sliceEnds = System.nanoTime() + SLICE_NANOS;
        try {
            if (catchUp) {
                catchUp = false;
                backlog();
                if (drainOnly) {
                    close(true);
                    return;
                }
            }
            while (!closed) {
                List<StreamRecord> batch;
                synchronized (this) {
                    if (inbox.isEmpty()) {
                        draining = false;
                        return;
                    }
                    batch = new ArrayList<>(inbox);
                    inbox.clear();
                }
                deliver(batch);
                if (System.nanoTime() - sliceEnds > 0 && yielded()) {
                    return;
                }
            }
        } catch (ClientGone e) {
            LOG.log(Level.FINE, "SSE client went away; closing", e);
            gone();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "SSE delivery failed; closing", e);
            close(false);
        } finally {
            synchronized (this) {
                if (closed) {
                    draining = false;
                }
            }
        }
    }

    /**
     * A fast writer keeps this stream's inbox full: after its slice the delivery goes on in a new task, behind the other
     * streams' deliveries, so a few busy streams cannot hold every delivery thread while other readers wait for their
     * first record. Still {@code draining}, so no second delivery starts meanwhile. False if the executor refused (the
     * delivery then goes on here).
     */
    private boolean yielded() {
        try {
            executor.execute(this::drain);
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private void backlog() {
        while (!closed) {
            // pages are capped by bytes too, so a short page does not mean the end: read until one comes back empty
            List<StreamRecord> page = reader.page(sessionId, io, cursor + 1, Long.MAX_VALUE, PAGE);
            if (page.isEmpty()) {
                return;
            }
            send(page);
        }
    }

    private void deliver(List<StreamRecord> batch) {
        batch.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        List<StreamRecord> out = new ArrayList<>(batch.size());
        long expected = cursor + 1;
        for (StreamRecord r : batch) {
            if (r.seq() < expected) {
                continue;
            }
            if (r.seq() > expected) {
                // a gap: those records are committed (seqs commit in order), read them page by page before going on
                send(out);
                out.clear();
                fillGap(expected, r.seq() - 1);
            }
            out.add(r);
            expected = r.seq() + 1;
        }
        send(out);
    }

    private void fillGap(long from, long to) {
        while (from <= to && !closed) {
            List<StreamRecord> page = reader.page(sessionId, io, from, to, PAGE);
            if (page.isEmpty()) {
                return; // trimmed away meanwhile: the client is clamped forward, as S2 does below the trim point
            }
            send(page);
            from = page.get(page.size() - 1).seq() + 1;
        }
    }

    private void send(List<StreamRecord> records) {
        if (records.isEmpty() || closed) {
            return;
        }
        StreamRecord last = records.get(records.size() - 1);
        highestKnown = Math.max(highestKnown, last.seq());
        for (OutboundSseEvent event : framing.events(records, sse, highestKnown)) {
            write(event);
        }
        cursor = last.seq();
        lastRecordNanos = System.nanoTime();
        if (framing.complete()) {
            close(true);
        }
    }

    private void write(OutboundSseEvent event) {
        sendLock.lock();
        try {
            writeLocked(event);
        } finally {
            sendLock.unlock();
        }
    }

    private void writeLocked(OutboundSseEvent event) {
        if (sink.isClosed()) {
            throw new ClientGone(null);
        }
        writeStartedNanos = System.nanoTime();
        try {
            // bounded by the HTTP endpoint's writeTimeout: a reader that stops reading fails here, never holds on
            sink.send(event).toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw new ClientGone(e);
        } finally {
            writeStartedNanos = 0;
        }
    }

    /**
     * Heartbeat every few seconds: a {@code ping} event carrying the time and the tail. Skipped while records are
     * being delivered (they carry the tail themselves) or a write is stuck, so pings never queue behind a slow reader.
     */
    public void ping() {
        if (closed()) {
            gone();
            return;
        }
        if (draining || sendLock.isLocked()) {
            return;
        }
        executor.execute(() -> {
            if (!sendLock.tryLock()) {
                return;
            }
            try {
                writeLocked(framing.ping(sse, highestKnown));
            } catch (RuntimeException e) {
                gone();
            } finally {
                sendLock.unlock();
            }
        });
    }

    /** A write that has not completed for {@code limitNanos}: the reader stopped reading. */
    public boolean writeStuck(long nowNanos, long limitNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > limitNanos;
    }

    /**
     * Gives up on a reader whose write is stuck: it stops receiving records at once, and the connection is closed on
     * the delivery executor (closing may wait for the stuck write, and the caller is the node's ticker).
     */
    public void abort() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.run();
        abandoned();
        executor.execute(() -> {
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // the connection is broken already
            }
        });
    }

    /** The client is gone (a failed write, a closed connection): closes, and tells the framing if it was not done. */
    public void gone() {
        if (closeOnce(false)) {
            abandoned();
        }
    }

    private void abandoned() {
        if (!framing.complete()) {
            try {
                executor.execute(framing::abandoned);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a stream's abandonment could not be handled", e);
            }
        }
    }

    /** {@code Timeout-Seconds} bounds the silence between records; after that, {@code [DONE]} and close. */
    public boolean idleExpired(long nowNanos) {
        return nowNanos - lastRecordNanos > timeoutNanos;
    }

    public void finish() {
        executor.execute(() -> close(true));
    }

    public void close(boolean done) {
        closeOnce(done);
    }

    /** Returns whether this call closed the stream (false: it was closed already). */
    private boolean closeOnce(boolean done) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        try {
            if (done && !sink.isClosed()) {
                write(sse.newEventBuilder().data("[DONE]").build());
            }
        } catch (RuntimeException ignored) {
            // the client is gone already
        } finally {
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // closing a dead connection
            }
            onClose.run();
        }
        return true;
    }

    /** A write failed or found the connection closed: the client is gone. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("client went away", cause, false, false);
        }
    }

    /**
     * How committed records go on the wire. Called by one delivery at a time, with records in seq order, each once.
     */
    public interface Framing {

        /** The events for these records (possibly none). */
        List<OutboundSseEvent> events(List<StreamRecord> records, Sse sse, long highestKnownSeq);

        /** The heartbeat. */
        OutboundSseEvent ping(Sse sse, long highestKnownSeq);

        /** True once everything this stream is for has been sent: the subscription then ends with {@code [DONE]}. */
        default boolean complete() {
            return false;
        }

        /** The client went away before the stream was complete (runs on the delivery executor). */
        default void abandoned() {
        }
    }
}
