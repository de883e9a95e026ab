package dev.parley.test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * The run's threads (its drains and chunk flushers), counted: the chat is quiet when none is working. A task
 * schedules its follow-ups before it ends, so a count of zero means nothing is left to do.
 */
final class QuietExecutor implements Executor {

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "offline-run");
        t.setDaemon(true);
        return t;
    });
    private int working;
    private Throwable failure;

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            working++;
        }
        try {
            threads.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    synchronized (this) {
                        failure = failure == null ? e : failure;
                    }
                    throw e;
                } finally {
                    synchronized (this) {
                        working--;
                        notifyAll();
                    }
                }
            });
        } catch (RuntimeException rejected) {
            synchronized (this) {
                working--;
                notifyAll();
            }
            throw rejected;
        }
    }

    /** Waits until no task runs; a task that failed outside the loop's own handling is reported. */
    synchronized void awaitQuiet(Duration within) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (working > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the chat was still working after " + within.toMillis() + " ms");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (failure != null) {
            throw new IllegalStateException("the turn loop failed: " + failure, failure);
        }
    }

    void shutdown() {
        threads.shutdownNow();
    }
}
