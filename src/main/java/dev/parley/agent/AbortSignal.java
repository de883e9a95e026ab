package dev.parley.agent;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancellation for one turn: the stop handler calls {@link #abort()} from any thread; the provider that is
 * streaming has registered a listener that closes its HTTP stream at once, and any wait (backoff, demo pacing)
 * ends early. Aborting twice is harmless; listeners registered after the abort run immediately.
 */
public final class AbortSignal {

    private final CountDownLatch latch = new CountDownLatch(1);
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Removes a listener when the operation it guards is over. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public void abort() {
        abort("aborted");
    }

    public void abort(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        latch.countDown();
        listeners.forEach(AbortSignal::runQuietly);
    }

    public boolean aborted() {
        return reason != null;
    }

    /** Why it was aborted, or null. */
    public String reason() {
        return reason;
    }

    /** Runs {@code listener} once when aborted (at once if already aborted). */
    public Registration onAbort(Runnable listener) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                listener.run();
            }
        };
        listeners.add(once);
        if (aborted()) {
            listeners.remove(once);
            runQuietly(once);
        }
        return () -> listeners.remove(once);
    }

    /** Waits up to {@code timeout}; true when aborted meanwhile (or before). */
    public boolean await(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return aborted();
        }
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a listener that fails must not keep the others from closing their streams
        }
    }
}
