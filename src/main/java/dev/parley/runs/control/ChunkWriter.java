package dev.parley.runs.control;

import dev.parley.platform.Ids;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Writes a turn's chunks to {@code .out} without making the agent wait for the database: chunks are buffered and
 * one flusher at a time commits everything buffered with a single multi-row append, so batches grow exactly while
 * a commit is in flight (group commit). Order is kept: one flusher, FIFO buffer. {@link #finish()} waits until every
 * chunk written so far is committed and reports the first write error, if any.
 */
final class ChunkWriter {

    private static final int BACKPRESSURE = 2_000;
    private static final int MAX_BATCH = 500;

    /** Commits a batch; {@code first} is true for the turn's first batch (which also marks the run STREAMING). */
    interface Flush {
        List<StreamRecord> commit(List<NewRecord> batch, boolean first);
    }

    private final Flush sink;
    private final Executor executor;
    private boolean first = true;
    private boolean holding = true;
    private final List<NewRecord> buffer = new ArrayList<>();
    private boolean flushing;
    private RuntimeException failure;
    private long lastSeq = -1;

    ChunkWriter(Flush sink, Executor executor) {
        this.sink = sink;
        this.executor = executor;
    }

    /** Batches after the first share their transactions with other chats' (one commit for many turns). */
    static Flush toOut(GroupCommit groupCommit, String sessionId) {
        return (batch, first) -> groupCommit.appendAll(sessionId, Io.OUT, batch);
    }

    void write(String chunkJson) {
        NewRecord r = NewRecord.data(chunkJson, Ids.random(7));
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            while (buffer.size() >= BACKPRESSURE && failure == null) {
                await();
            }
            buffer.add(r);
            if (holding) {
                // the turn's start chunk waits for its first content: one commit fewer before the first delta
                holding = false;
                return;
            }
            if (flushing) {
                return;
            }
            flushing = true;
        }
        executor.execute(this::flush);
    }

    /** Waits for every written chunk to be durable; returns the seq of the last one (or -1). */
    long finish() {
        synchronized (this) {
            holding = false;
            if (!flushing && !buffer.isEmpty() && failure == null) {
                flushing = true;
                executor.execute(this::flush);
            }
        }
        return awaitDrained();
    }

    private synchronized long awaitDrained() {
        while ((flushing || !buffer.isEmpty()) && failure == null) {
            await();
        }
        if (failure != null) {
            throw failure;
        }
        return lastSeq;
    }

    private void flush() {
        while (true) {
            List<NewRecord> batch;
            boolean isFirst;
            synchronized (this) {
                if (buffer.isEmpty() || failure != null) {
                    flushing = false;
                    notifyAll();
                    return;
                }
                int n = Math.min(buffer.size(), MAX_BATCH);
                batch = new ArrayList<>(buffer.subList(0, n));
                buffer.subList(0, n).clear();
                isFirst = first;
                first = false;
                notifyAll();
            }
            try {
                List<StreamRecord> written = sink.commit(batch, isFirst);
                synchronized (this) {
                    lastSeq = written.get(written.size() - 1).seq();
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                    flushing = false;
                    notifyAll();
                }
                return;
            }
        }
    }

    private void await() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing chunks", e);
        }
    }
}
