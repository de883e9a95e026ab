package dev.parley.runs.control;

import dev.parley.platform.Ids;
import dev.parley.streams.control.Appender;
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

    private final Appender appender;
    private final String sessionId;
    private final Executor executor;
    private final List<NewRecord> buffer = new ArrayList<>();
    private boolean flushing;
    private RuntimeException failure;
    private long lastSeq = -1;

    ChunkWriter(Appender appender, String sessionId, Executor executor) {
        this.appender = appender;
        this.sessionId = sessionId;
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
            if (flushing) {
                return;
            }
            flushing = true;
        }
        executor.execute(this::flush);
    }

    /** Waits for every written chunk to be durable; returns the seq of the last one (or -1). */
    synchronized long finish() {
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
            synchronized (this) {
                if (buffer.isEmpty() || failure != null) {
                    flushing = false;
                    notifyAll();
                    return;
                }
                int n = Math.min(buffer.size(), MAX_BATCH);
                batch = new ArrayList<>(buffer.subList(0, n));
                buffer.subList(0, n).clear();
                notifyAll();
            }
            try {
                List<StreamRecord> written = appender.append(sessionId, Io.OUT, batch);
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
