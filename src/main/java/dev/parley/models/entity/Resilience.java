package dev.parley.models.entity;

import java.time.Duration;

/**
 * The retry and breaker settings as configured ({@code parley.models.retry.*}, {@code parley.models.breaker.*}), read
 * and checked with the models at startup: at most {@code maxAttempts} tries (first included) with backoff from
 * {@code initialBackoff} up to {@code maxBackoff}; after {@code breakerThreshold} consecutive failed attempts the
 * circuit opens for {@code breakerOpenFor}. MicroProfile Fault Tolerance applies the same keys in the container
 * (mapped in {@code microprofile-config.properties}), with a fixed delay ({@code initialBackoff == maxBackoff});
 * {@link #DEFAULTS} matches the annotations' defaults.
 */
public record Resilience(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int breakerThreshold,
                         Duration breakerOpenFor) {

    public static final Resilience DEFAULTS =
            new Resilience(3, Duration.ofMillis(500), Duration.ofMillis(500), 5, Duration.ofSeconds(30));

    public Resilience {
        if (maxAttempts < 1 || breakerThreshold < 1) {
            throw new IllegalArgumentException("maxAttempts and breakerThreshold must be at least 1");
        }
    }
}
