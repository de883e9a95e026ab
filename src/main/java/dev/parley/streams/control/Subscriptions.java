package dev.parley.streams.control;

import dev.parley.limits.control.AbuseLimits;
import dev.parley.streams.entity.Io;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open SSE readers of this node. No thread is held per stream: deliveries run on a pool of their own, and one
 * ticker pings every stream every {@value #PING_SECONDS} s and ends streams whose {@code Timeout-Seconds} of
 * silence ran out.
 * <p>
 * The delivery pool's threads come from the server's managed thread factory, so they carry the application's context
 * once, for their lifetime. A delivery is a task per record batch per reader, so per chunk: through a managed executor
 * each task also paid for capturing and restoring that context and for the server's shared queue, the largest single
 * cost of a streamed chunk in a profile of 100 paced chats (a sixth of the JVM's CPU in the queue's {@code offer}).
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());

    static final int PING_SECONDS = 5;
    /** A single SSE write blocked this long means the reader stopped reading (the HTTP writeTimeout is shorter). */
    static final long STUCK_WRITE_NANOS = TimeUnit.SECONDS.toNanos(15);

    @Inject
    TailHub hub;

    @Inject
    RecordReader reader;

    /** Streams waiting for their session (decision D8) at once on this node; each costs a lookup per poll. */
    @Inject
    @ConfigProperty(name = "parley.limits.waiting-streams.max", defaultValue = "1000")
    int maxWaiting;

    /**
     * The server's I/O executor, not used for deliveries: it checks the streams waiting for their session, and is asked
     * each second whether it still takes work, which is how the stop of the server shows.
     */
    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    /** Threads that write to SSE readers (PARLEY_IO_MAX_CONCURRENT): a slow reader's write blocks one of them. */
    @Inject
    @ConfigProperty(name = "parley.io.max.concurrent", defaultValue = "16")
    int deliveryThreads;

    private ThreadPoolExecutor deliveries;

    @Resource(lookup = "concurrent/parley/timer")
    ManagedScheduledExecutorService scheduler;

    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> ticker;
    private long ticks;
    private volatile boolean stopping;

    /** A stream on an externalId that has no session yet (decision D8): waits for the session to appear. */
    private record Pending(Supplier<String> sessionLookup, java.util.function.Consumer<String> onFound,
                           SseEventSink sink, long sinceNanos, long deadlineNanos, Runnable onTimeout) {

        /** Every second at first (a chat usually starts right after its stream opens), then every few seconds. */
        boolean due(long now, long tick) {
            return now - sinceNanos < WAIT_EAGER_NANOS || tick % PING_SECONDS == 0;
        }
    }

    private static final long WAIT_EAGER_NANOS = TimeUnit.SECONDS.toNanos(10);

    @PostConstruct
    void init() {
        int n = Math.max(1, deliveryThreads);
        deliveries = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUED_DELIVERIES),
                threads);
        deliveries.allowCoreThreadTimeOut(true);
        ticker = scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void shutdown() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        endAll();
        deliveries.shutdown();
    }

    /** Deliveries waiting for a thread at most; a stream whose delivery is refused ends, and its reader resumes. */
    private static final int QUEUED_DELIVERIES = 100_000;

    /**
     * The server is stopping: ends every stream of this node without {@code [DONE]}, so each client reconnects at once
     * from its cursor (to another node, or to this one once it is back), and refuses streams opened from now on the
     * same way. Open streams are what an HTTP endpoint waits for before it stops.
     */
    public void endAll() {
        stopping = true;
        endOpen();
    }

    /** Ends the streams open now without {@code [DONE]}; streams opened later are served. */
    private void endOpen() {
        open.forEach(s -> s.close(false));
        for (Pending p : pending) {
            pending.remove(p);
            try {
                p.sink().close();
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
        }
    }

    /**
     * A live reader in the S2 batch dialect. {@code accessTokens}: whether the reader may write the chat, and so may
     * receive the read+write token of each {@code turn-complete}.
     */
    public Subscription open(String sessionId, Io io, long cursor, SseEventSink sink, Sse sse, int timeoutSeconds,
                             boolean drainOnly, boolean accessTokens) {
        return open(sessionId, io, cursor, sink, sse, timeoutSeconds, drainOnly, new S2Batches(accessTokens));
    }

    /** A live reader whose records are put on the wire by {@code framing}. */
    public Subscription open(String sessionId, Io io, long cursor, SseEventSink sink, Sse sse, int timeoutSeconds,
                             boolean drainOnly, Subscription.Framing framing) {
        Subscription[] holder = new Subscription[1];
        Subscription s = new Subscription(sessionId, io, cursor, sink, sse, reader, deliveries, timeoutSeconds, drainOnly,
                () -> {
                    open.remove(holder[0]);
                    hub.unregister(sessionId, io, holder[0]);
                }, framing);
        holder[0] = s;
        if (stopping) {
            s.close(false);
            return s;
        }
        open.add(s);
        if (!drainOnly) {
            hub.register(sessionId, io, s);
            hub.seen(sessionId, io, cursor);
        }
        s.start();
        return s;
    }

    public void await(Supplier<String> sessionLookup, java.util.function.Consumer<String> onFound, SseEventSink sink,
                      int timeoutSeconds, Runnable onTimeout) {
        if (stopping) {
            sink.close();
            return;
        }
        long now = System.nanoTime();
        pending.add(new Pending(sessionLookup, onFound, sink, now, now + timeoutSeconds * 1_000_000_000L, onTimeout));
    }

    /** Refuses one more waiting stream when {@code parley.limits.waiting-streams.max} are waiting already. */
    public void reserveWait() {
        if (maxWaiting > 0 && pending.size() >= maxWaiting) {
            throw AbuseLimits.tooMany("streams waiting for a session to start (at most " + maxWaiting + " per node)", 5);
        }
    }

    /**
     * Whether the delivery executor still takes work. When a server stops, its executors refuse tasks at the start of
     * the quiesce period, while the HTTP endpoint waits (30 s on Open Liberty) for the requests still open: every open
     * stream. Nothing else tells the application that the stop has begun (the application itself stops only after the
     * quiesce period), so the ticker asks. A refusal for saturation ends the streams the same way, as a refused delivery
     * of one stream already does: the readers come back from their cursors.
     */
    private boolean deliveriesAccepted() {
        try {
            executor.execute(NOTHING);
            return true;
        } catch (RejectedExecutionException refused) {
            return false;
        }
    }

    private static final Runnable NOTHING = () -> { };

    public int openCount() {
        return open.size();
    }

    private void tick() {
        ticks++;
        if ((!open.isEmpty() || !pending.isEmpty()) && !deliveriesAccepted()) {
            LOG.info("SSE deliveries are refused (the server is stopping, or saturated): ending " + open.size()
                    + " streams without [DONE] so their readers reconnect from their cursors");
            endOpen();
            return;
        }
        long now = System.nanoTime();
        for (Subscription s : open) {
            try {
                if (s.writeStuck(now, STUCK_WRITE_NANOS)) {
                    s.abort();
                } else if (s.closed()) {
                    s.gone();
                } else if (s.idleExpired(now)) {
                    s.finish();
                } else if (ticks % PING_SECONDS == 0) {
                    s.ping();
                }
            } catch (RuntimeException e) {
                // a full executor must not end the ticker (a periodic task that throws is never run again)
                LOG.log(Level.WARNING, "SSE housekeeping of one stream failed; retried on the next tick", e);
            }
        }
        for (Pending p : pending) {
            try {
                if (p.sink().isClosed()) {
                    pending.remove(p);
                } else if (now > p.deadlineNanos()) {
                    pending.remove(p);
                    executor.execute(p.onTimeout());
                } else if (p.due(now, ticks)) {
                    executor.execute(() -> {
                        String id = p.sessionLookup().get();
                        if (id != null && pending.remove(p)) {
                            p.onFound().accept(id);
                        }
                    });
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a stream waiting for its session could not be checked; retried on the next tick", e);
            }
        }
    }
}
