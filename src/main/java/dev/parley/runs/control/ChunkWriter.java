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
 * chunk written so far is committed and reports the first write error, if any.
 * <p>
 * Invariant: no thread ever waits for a flusher that has not started. The flusher is a task on the run executor, the
 * same pool the turns run on; when every pool thread is a turn waiting in {@link #finish()} (or on a full buffer),
 * the queued flusher would never run and every chat on the node would hang. So a waiter whose flusher has not started
 * commits the buffer itself, and an executor that rejects the flusher has the writing thread flush.
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
    /** A thread is committing batches: only it takes from the buffer. */
    private boolean running;
    /** A flusher task is on the executor and has not started yet. */
    private boolean scheduled;
    private RuntimeException failure;
    private long lastSeq = -1;

    ChunkWriter(Flush sink, Executor executor) {
        this.sink = sink;
        this.executor = executor;
    }

    void write(String chunkJson) {
        NewRecord r = NewRecord.data(chunkJson, Ids.random(7));
        awaitRoom();
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            buffer.add(r);
            if (holding) {
                // the turn's start chunk waits for its first content: one commit fewer before the first delta
                holding = false;
                return;
            }
            if (running || scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            executor.execute(this::flusher);
        } catch (java.util.concurrent.RejectedExecutionException saturated) {
            flusher();
        }
    }

    /** Backpressure: a full buffer waits for the running flusher, or is committed here if none runs. */
    private void awaitRoom() {
        while (true) {
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
                if (buffer.size() < BACKPRESSURE) {
                    return;
                }
                if (running) {
                    await();
                    continue;
                }
                running = true;
            }
            drain();
        }
    }

    private void flusher() {
        synchronized (this) {
            scheduled = false;
            if (running) {
                return;
            }
            running = true;
        }
        drain();
    }

    /** Waits for every written chunk to be durable; returns the seq of the last one (or -1). */
    long finish() {
        while (true) {
            synchronized (this) {
                holding = false;
                if (failure != null) {
                    throw failure;
                }
                if (running) {
                    await();
                    continue;
                }
                if (buffer.isEmpty()) {
                    return lastSeq;
                }
                running = true; // the flusher is queued (perhaps behind threads that wait like this one): commit here
            }
            drain();
        }
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

    /** Commits batches until the buffer is empty; the caller has set {@code running}. */
    private void drain() {
        while (true) {
            List<NewRecord> batch;
            boolean isFirst;
            synchronized (this) {
                if (buffer.isEmpty() || failure != null) {
                    running = false;
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
                    running = false;
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
