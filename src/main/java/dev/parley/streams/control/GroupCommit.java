package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for single-record appends from many requests: while one transaction commits, the appends that
 * arrive queue up and go together in the next one. An idle node writes each append at once (no waiting to fill a
 * batch); a busy one amortises the commit over hundreds of records across sessions. The caller's answer — the seq —
 * is only given after the record's transaction committed, and live subscribers hear of it at the same moment.
 * <p>
 * The transactions are written by one thread of this class's own, made by a {@link ManagedThreadFactory}. It used to
 * be a task on the shared I/O executor: when that executor's threads were all busy (SSE deliveries, run dispatch),
 * the commit task waited in its queue behind them while every appender waited for the commit, and a node under load
 * stopped committing appends altogether. Nothing else runs on the commit thread, so no other work can starve it.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    static final int MAX_GROUP = 1_000;

    @Inject
    Appender appender;

    @Inject
    TailHub hub;

    @Resource
    ManagedThreadFactory threads;

    /** How long an append waits for its commit before it answers with an error (PARLEY_APPEND_COMMIT_WAIT_SECONDS). */
    @Inject
    @ConfigProperty(name = "parley.append.commit.wait.seconds", defaultValue = "30")
    int waitSeconds;

    /** One append on its way: QUEUED until the commit thread takes it, or ABANDONED by a caller that stopped waiting. */
    private record Pending(Appender.Grouped item, CompletableFuture<StreamRecord> result, AtomicInteger state) {
        static final int QUEUED = 0, TAKEN = 1, ABANDONED = 2;

        Pending(Appender.Grouped item) {
            this(item, new CompletableFuture<>(), new AtomicInteger(QUEUED));
        }

        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        boolean abandon() {
            return state.compareAndSet(QUEUED, ABANDONED);
        }
    }

    /** Set on the commit thread: an append made from there (a listener reacting to a record) is written at once. */
    private static final ThreadLocal<Boolean> FLUSHING = ThreadLocal.withInitial(() -> false);

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object enqueueing = new Object();
    private Thread committer;
    private volatile boolean stopping;
    private final LongAdder groupsWritten = new LongAdder();
    private final LongAdder recordsWritten = new LongAdder();
    private final LongAdder nanosWriting = new LongAdder();

    /** Since start: groups written, the appends they held, and the time their transactions took (for metrics). */
    public record Totals(long groups, long records, long nanos) {
    }

    public Totals totals() {
        return new Totals(groupsWritten.sum(), recordsWritten.sum(), nanosWriting.sum());
    }

    /**
     * Appends one record durably and returns it once committed, or null when {@code partId} was already claimed.
     *
     * @throws IllegalStateException when the write failed or was not confirmed in time
     */
    public StreamRecord append(String sessionId, Io io, NewRecord record, String partId) {
        return submit(List.of(new Pending(new Appender.Grouped(sessionId, io, record, partId)))).getFirst();
    }

    /**
     * Appends a run's records of one channel, in order, while {@code fence} holds, without waiting: the stage
     * completes on the commit thread once all are committed, or fails — with {@link FencedOut} if the run no longer
     * held its lease (none of the records that were refused is written). Also from the commit thread itself (a
     * completion handing on the next batch): the records always queue for the next group.
     */
    public CompletableFuture<List<StreamRecord>> appendAllAsync(String sessionId, Io io, List<NewRecord> records,
                                                                Appender.Fence fence) {
        List<Pending> mine = new ArrayList<>(records.size());
        for (NewRecord r : records) {
            mine.add(new Pending(new Appender.Grouped(sessionId, io, r, null, fence)));
        }
        ensureCommitter();
        synchronized (enqueueing) {
            queue.addAll(mine);
        }
        CompletableFuture<?>[] each = mine.stream().map(Pending::result).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each).orTimeout(waitSeconds, TimeUnit.SECONDS).handle((ok, failed) -> {
            if (failed != null) {
                Throwable cause = failed instanceof CompletionException && failed.getCause() != null
                        ? failed.getCause() : failed;
                if (cause instanceof TimeoutException) {
                    throw new IllegalStateException("append not committed within " + waitSeconds + " s",
                            giveUp(mine, (TimeoutException) cause));
                }
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
            List<StreamRecord> written = new ArrayList<>(mine.size());
            for (Pending p : mine) {
                StreamRecord r = p.result().join();
                if (r == null) {
                    throw new FencedOut(fence.runId());
                }
                written.add(r);
            }
            return written;
        });
    }

    /** A run's records were refused: the run no longer holds its lease (it ended, or another node recovered it). */
    public static final class FencedOut extends IllegalStateException {
        public FencedOut(String runId) {
            super("run " + runId + " no longer holds its lease; its records were not written");
        }
    }

    /** Queues the appends (or, on the commit thread itself, writes them at once) and waits for their commit. */
    private List<StreamRecord> submit(List<Pending> mine) {
        if (FLUSHING.get()) {
            mine.forEach(Pending::take);
            write(mine); // queueing would wait for this very thread
        } else {
            ensureCommitter();
            synchronized (enqueueing) { // contiguous in the queue: one batch is not split by another writer of this channel
                queue.addAll(mine);
            }
        }
        List<StreamRecord> written = new ArrayList<>(mine.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        for (Pending p : mine) {
            try {
                written.add(p.result().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while appending", giveUp(mine, e));
            } catch (ExecutionException e) {
                giveUp(mine, e); // the rest of a failed batch is not written after the caller heard of the failure
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("append not committed within " + waitSeconds + " s", giveUp(mine, e));
            }
        }
        return written;
    }

    /**
     * The caller stops waiting: appends the commit thread has not taken yet are withdrawn (never written, so no seq is
     * spent on them); the cause says whether some of them may still commit (a retry with the same part id is safe).
     */
    private static Exception giveUp(List<Pending> mine, Exception cause) {
        boolean inFlight = false;
        for (Pending p : mine) {
            inFlight |= !p.abandon() && !p.result().isDone();
        }
        cause.addSuppressed(new IllegalStateException(inFlight
                ? "some of these records were being committed and may still appear"
                : "none of these records was stored"));
        return cause;
    }

    /** Starts the commit thread on first use, and again should it ever have died. */
    private synchronized void ensureCommitter() {
        if (stopping) {
            throw new IllegalStateException("the application is stopping");
        }
        if (committer == null || !committer.isAlive()) {
            committer = threads.newThread(this::commitLoop);
            committer.setName("parley-group-commit");
            committer.setDaemon(true);
            committer.start();
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopping = true;
        if (committer != null) {
            committer.interrupt();
        }
    }

    private void commitLoop() {
        FLUSHING.set(true);
        while (!stopping) {
            Pending head;
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                continue; // stopping, or a stray interrupt: the loop condition decides
            }
            List<Pending> group = new ArrayList<>();
            for (Pending p = head; p != null; p = group.size() < MAX_GROUP ? queue.poll() : null) {
                if (p.take()) {
                    group.add(p);
                }
            }
            if (group.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            try {
                write(group);
                groupsWritten.increment();
                recordsWritten.add(group.size());
                nanosWriting.add(System.nanoTime() - started);
            } catch (RuntimeException | Error e) { // the thread must outlive any one group
                LOG.log(Level.SEVERE, "group commit failed unexpectedly", e);
                group.forEach(p -> p.result().completeExceptionally(e));
            }
        }
        queue.forEach(p -> p.result().completeExceptionally(new IllegalStateException("the application is stopping")));
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
