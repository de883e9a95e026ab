package dev.parley.console.control;

import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds how many password hashes are computed at once. Each check is a full PBKDF2 (hundreds of milliseconds of one
 * core); without a bound, a burst of sign-ins takes every core from the chats running beside the console.
 */
@ApplicationScoped
public class PasswordChecks {

    static final long WAIT_SECONDS = 5;

    private Semaphore permits = new Semaphore(2);

    @Inject
    void configure(@ConfigProperty(name = "parley.console.sign-in.max-concurrent", defaultValue = "2") int max) {
        permits = new Semaphore(Math.max(1, max));
    }

    /** Runs {@code check} once a permit is free; 429 when none frees up within a few seconds. */
    public boolean run(BooleanSupplier check) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(429, Json.createObjectBuilder().add("error", "Too many sign-ins at once; try again")
                    .add("code", "rate_limited").build(), Map.of("Retry-After", "1"));
        }
        try {
            return check.getAsBoolean();
        } finally {
            permits.release();
        }
    }
}
