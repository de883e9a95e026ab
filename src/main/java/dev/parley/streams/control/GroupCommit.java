package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for single-record appends from many requests: while one transaction commits, the appends that
 * arrive queue up and go together in the next one. An idle node writes each append at once (no waiting to fill a
 * batch); a busy one amortises the commit over hundreds of records across sessions. The caller's answer — the seq —
 * is only given after the record's transaction committed, and live subscribers hear of it at the same moment.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    static final int MAX_GROUP = 1_000;
    private static final long WAIT_SECONDS = 30;

    @Inject
    Appender appender;

    @Inject
    TailHub hub;

    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService executor;

    private record Pending(Appender.Grouped item, CompletableFuture<StreamRecord> result) {
    }

    /** Set on the flushing thread: an append made from there (a listener reacting to a record) is written at once. */
    private static final ThreadLocal<Boolean> FLUSHING = ThreadLocal.withInitial(() -> false);

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    /**
     * Appends one record durably and returns it once committed, or null when {@code partId} was already claimed.
     *
     * @throws IllegalStateException when the write failed (nothing was stored for this record)
     */
    public StreamRecord append(String sessionId, Io io, NewRecord record, String partId) {
        Pending p = new Pending(new Appender.Grouped(sessionId, io, record, partId), new CompletableFuture<>());
        return submit(List.of(p)).getFirst();
    }

    /**
     * Appends several records of one channel, in order, sharing transactions with everyone else's appends; returns
     * them once all are committed. (A batch may straddle two transactions; each record is committed exactly once.)
     */
    public List<StreamRecord> appendAll(String sessionId, Io io, List<NewRecord> records) {
        List<Pending> mine = new ArrayList<>(records.size());
        for (NewRecord r : records) {
            mine.add(new Pending(new Appender.Grouped(sessionId, io, r, null), new CompletableFuture<>()));
        }
        return submit(mine);
    }

    /** Queues the appends (or, on the flushing thread itself, writes them at once) and waits for their commit. */
    private List<StreamRecord> submit(List<Pending> mine) {
        if (FLUSHING.get()) {
            write(mine); // queueing would wait for this very thread
        } else {
            synchronized (queue) { // contiguous in the queue: one batch is not split by another writer of this channel
                queue.addAll(mine);
            }
            kick();
        }
        List<StreamRecord> written = new ArrayList<>(mine.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (Pending p : mine) {
            try {
                written.add(p.result().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while appending", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("append not committed within " + WAIT_SECONDS + " s", e);
            }
        }
        return written;
    }

    private void kick() {
        if (flushing.compareAndSet(false, true)) {
            try {
                executor.execute(this::flush);
            } catch (RuntimeException e) {
                flushing.set(false);
                LOG.log(Level.WARNING, "group commit could not be scheduled; writing on the caller's thread", e);
                flush();
            }
        }
    }

    private void flush() {
        FLUSHING.set(true);
        try {
            while (true) {
                List<Pending> group = new ArrayList<>();
                for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) {
                    group.add(p);
                }
                if (group.isEmpty()) {
                    return;
                }
                write(group);
            }
        } finally {
            FLUSHING.set(false);
            flushing.set(false);
            if (!queue.isEmpty()) {
                kick(); // something arrived between the last poll and the reset
            }
        }
    }

    private void write(List<Pending> group) {
        List<StreamRecord> written;
        try {
            written = appender.appendGrouped(group.stream().map(Pending::item).toList());
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).result().completeExceptionally(groupFailed);
                return;
            }
            // one bad record (say, a channel deleted meanwhile) must not fail the others: write each on its own
            LOG.log(Level.FINE, "group append failed; writing its records one by one", groupFailed);
            group.forEach(p -> write(List.of(p)));
            return;
        }
        java.util.Map<String, List<StreamRecord>> byChannel = new java.util.LinkedHashMap<>();
        java.util.Map<String, Appender.Grouped> channelOf = new java.util.HashMap<>();
        for (int i = 0; i < group.size(); i++) {
            StreamRecord r = written.get(i);
            if (r != null) {
                Appender.Grouped g = group.get(i).item();
                String key = TailHub.key(g.sessionId(), g.io());
                byChannel.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                channelOf.putIfAbsent(key, g);
            }
        }
        byChannel.forEach((key, records) -> hub.publish(channelOf.get(key).sessionId(), channelOf.get(key).io(), records));
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(written.get(i));
        }
    }
}
