package dev.parley.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/** The deferred work of one {@link Turn} ({@link Turn#defer}): started at once where a thread is free, settled at the turn's end. */
final class DeferredWork {

    private final List<FutureTask<Void>> tasks = new ArrayList<>();
    private volatile Executor executor;

    void runOn(Executor executor) {
        this.executor = executor;
    }

    Future<?> add(Runnable work) {
        FutureTask<Void> task = new FutureTask<>(work, null);
        synchronized (tasks) {
            tasks.add(task);
        }
        Executor on = executor;
        if (on != null) {
            try {
                on.execute(task);
            } catch (RejectedExecutionException saturated) {
                // no thread now: the turn runs it itself when it settles its deferred work
            }
        }
        return task;
    }

    /** See {@link Turn#settleDeferred()}. */
    List<Throwable> settle() {
        List<Throwable> failures = new ArrayList<>();
        while (true) {
            List<FutureTask<Void>> batch;
            synchronized (tasks) {
                batch = List.copyOf(tasks);
                tasks.clear();
            }
            if (batch.isEmpty()) {
                return failures;
            }
            for (FutureTask<Void> task : batch) {
                task.run(); // does nothing if a pool thread started it already
                try {
                    task.get();
                } catch (ExecutionException failed) {
                    failures.add(failed.getCause());
                } catch (CancellationException cancelled) {
                    // canceled by the agent: nothing to report
                } catch (InterruptedException timeUp) {
                    batch.forEach(t -> t.cancel(true));
                    synchronized (tasks) {
                        tasks.forEach(t -> t.cancel(true));
                        tasks.clear();
                    }
                    Thread.currentThread().interrupt();
                    return failures;
                }
            }
        }
    }
}
