package dev.parley.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.concurrent.TimeUnit;

/**
 * Live while the shared I/O executor (stream delivery, run dispatch) still runs work: a task queued
 * behind wedged threads does not start within the deadline, and only a restart frees those threads. The database is
 * deliberately not consulted: an outage there is readiness's concern, and restarting every node would not end it.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private static final long DEADLINE_SECONDS = 5;

    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService io;

    @Override
    public HealthCheckResponse call() {
        long started = System.nanoTime();
        boolean ran;
        try {
            ran = io.submit(() -> true).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ran = false;
        } catch (Exception e) {
            ran = false;
        }
        return HealthCheckResponse.named("parley-live").status(ran)
                .withData("executorMs", (System.nanoTime() - started) / 1_000_000).build();
    }
}
