package dev.parley.runs.control;

import dev.parley.platform.Ids;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Writes a turn's chunks to {@code .out} without making the agent wait for the database: chunks are buffered, and one
 * batch at a time is on its way to the commit, so batches grow exactly while a commit is in flight (group commit).
 * Order is kept: one batch in flight, FIFO buffer. {@link #finish()} waits until every chunk written so far is
 * committed and reports the first write error, if any.
 * <p>
 * No thread waits for a batch's commit: the writer hands a batch over and returns, and the commit's completion (on
 * the thread that committed it) hands over the next. A turn streaming at full speed therefore holds one thread, its
 * own, and a node streaming a hundred turns holds a hundred, not two hundred. Only the turn's first batch is
 * committed on the writer's thread: it moves the run to STREAMING in the same transaction.
 */
final class ChunkWriter {

    private static final int BACKPRESSURE = 2_000;
    /**
     * Small batches keep the group commit fair: each turn has one batch queued at a time, so a turn that buffered a
     * whole reply waits its turn behind one batch of every other turn, not behind their whole replies (a new chat's
     * first words would otherwise wait for every reply queued before it). A group still holds up to a thousand
     * records from many turns, so this costs no transactions under load.
     */
    static final int MAX_BATCH = 64;

    /**
     * Commits a batch; {@code first} is true for the turn's first batch (which also marks the run STREAMING). The
     * stage completes once the batch is durable; it may complete on another thread, or already have.
     */
    interface Flush {
        CompletionStage<List<StreamRecord>> commit(List<NewRecord> batch, boolean first);
    }

    private final Flush sink;
    private boolean first = true;
    private boolean holding = true;
    private final List<NewRecord> buffer = new ArrayList<>();
    /** A batch is on its way: only its completion takes the next one from the buffer. */
    private boolean inFlight;
    private RuntimeException failure;
    private long lastSeq = -1;

    ChunkWriter(Flush sink) {
        this.sink = sink;
    }

    void write(String chunkJson) {
        NewRecord r = NewRecord.data(chunkJson, Ids.recordId());
        List<NewRecord> batch;
        boolean isFirst;
        synchronized (this) {
            // backpressure: a full buffer waits for the batch in flight to make room
            while (failure == null && inFlight && buffer.size() >= BACKPRESSURE) {
                await();
            }
            if (failure != null) {
                throw failure;
            }
            buffer.add(r);
            if (holding) {
                if (opens(chunkJson)) {
                    return; // the turn's first commit waits for its first content: one commit fewer before the first delta
                }
                holding = false;
            }
            if (inFlight) {
                return;
            }
            isFirst = first;
            batch = takeBatch();
        }
        send(batch, isFirst);
    }

    /** Waits for every written chunk to be durable; returns the seq of the last one (or -1). */
    long finish() {
        while (true) {
            List<NewRecord> batch;
            boolean isFirst;
            synchronized (this) {
                holding = false;
                while (failure == null && inFlight) {
                    await();
                }
                if (failure != null) {
                    throw failure;
                }
                if (buffer.isEmpty()) {
                    return lastSeq;
                }
                isFirst = first;
                batch = takeBatch();
            }
            send(batch, isFirst);
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

    /** {@code start}, {@code start-step}, {@code text-start}, {@code reasoning-start}: chunks a reader shows nothing for. */
    private static boolean opens(String chunkJson) {
        return chunkJson.startsWith("{\"type\":\"start") || chunkJson.startsWith("{\"type\":\"text-start\"")
                || chunkJson.startsWith("{\"type\":\"reasoning-start\"");
    }

    /** Takes the next batch and marks it in flight; the caller holds the lock and sends it after releasing it. */
    private List<NewRecord> takeBatch() {
        int n = Math.min(buffer.size(), MAX_BATCH);
        List<NewRecord> batch = new ArrayList<>(buffer.subList(0, n));
        buffer.subList(0, n).clear();
        first = false;
        inFlight = true;
        notifyAll();
        return batch;
    }

    private void send(List<NewRecord> batch, boolean isFirst) {
        CompletionStage<List<StreamRecord>> committed;
        try {
            committed = sink.commit(batch, isFirst);
        } catch (RuntimeException | Error e) {
            committed(null, e);
            return;
        }
        committed.whenComplete(this::committed);
    }

    /** A batch's commit completed: the next batch goes, or the writer and {@link #finish()} hear of the end. */
    private void committed(List<StreamRecord> written, Throwable error) {
        List<NewRecord> next;
        synchronized (this) {
            if (error != null) {
                // an Error too: a batch that fails without a word would leave finish() waiting forever
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                failure = cause instanceof RuntimeException re ? re : new IllegalStateException("writing chunks failed", cause);
                inFlight = false;
                notifyAll();
                return;
            }
            lastSeq = written.get(written.size() - 1).seq();
            if (buffer.isEmpty()) {
                inFlight = false;
                notifyAll();
                return;
            }
            next = takeBatch();
        }
        send(next, false);
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
