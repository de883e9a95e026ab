package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time limit of one turn. At the limit the turn is asked to stop (its stop signal, which a well-behaved agent and
 * the model clients honour at once). A turn that has not returned a grace period later — a tool blocked on a socket,
 * an agent ignoring its signal — is interrupted and closed without it ({@code onHung}), so the chat does not wait on
 * a thread that may never come back.
 */
final class TurnDeadline implements AutoCloseable {

    private final ScheduledFuture<?> limit;
    private final ScheduledFuture<?> grace;
    private volatile String reached;

    TurnDeadline(ScheduledExecutorService scheduler, long limitMs, long graceMs, String what, AbortSignal stop,
                 Runnable onHung) {
        Thread turnThread = Thread.currentThread();
        this.limit = scheduler.schedule(() -> {
            reached = what;
            stop.abort(what);
        }, limitMs, TimeUnit.MILLISECONDS);
        this.grace = scheduler.schedule(() -> {
            reached = what;
            turnThread.interrupt();
            onHung.run();
        }, Math.min(Long.MAX_VALUE / 2, limitMs) + graceMs, TimeUnit.MILLISECONDS);
    }

    /** The limit the turn reached ("turn timeout", "max duration"), or null. */
    String reached() {
        return reached;
    }

    @Override
    public void close() {
        limit.cancel(false);
        grace.cancel(false);
    }
}
