package dev.parley.runs.control;

import dev.parley.platform.Ids;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Writes a turn's chunks to {@code .out} without making the agent wait for the database: chunks are buffered and
 * one flusher at a time commits everything buffered with a single multi-row append, so batches grow exactly while
 * a commit is in flight (group commit). Order is kept: one flusher, FIFO buffer. {@link #finish()} waits until every
 * chunk written so far is committed and reports the first write error, if any. An executor that rejects the flusher
 * does not lose chunks: the writing thread flushes itself.
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
        startFlusher();
    }

    private void startFlusher() {
        try {
            executor.execute(this::flush);
        } catch (java.util.concurrent.RejectedExecutionException saturated) {
            flush();
        }
    }

    /** Waits for every written chunk to be durable; returns the seq of the last one (or -1). */
    long finish() {
        synchronized (this) {
            holding = false;
            if (!flushing && !buffer.isEmpty() && failure == null) {
                flushing = true;
            } else {
                return awaitDrained();
            }
        }
        startFlusher();
        return awaitDrained();
    }

    /** Like {@link #finish()}, but returns the write error instead of throwing it (null if every chunk committed). */
    RuntimeException settle() {
        try {
            finish();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Whether any batch (so the turn's first, with its {@code start}) committed. */
    synchronized boolean committedAny() {
        return lastSeq >= 0;
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
            } catch (RuntimeException | Error e) {
                // an Error too: a flusher that dies without a word would leave finish() waiting forever
                synchronized (this) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException("writing chunks failed", e);
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
