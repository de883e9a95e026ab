package dev.parley.models.entity;

import java.time.Duration;

/**
 * Fault-tolerance settings for the plain-Java policy: at most {@code maxAttempts} tries (first included) with
 * exponential backoff from {@code initialBackoff} up to {@code maxBackoff}; after {@code breakerThreshold}
 * consecutive failed attempts the circuit opens for {@code breakerOpenFor}, and calls fail at once until a trial
 * call succeeds. Configured models use a fixed delay ({@code initialBackoff == maxBackoff}), as MicroProfile Fault
 * Tolerance does in the container; {@link #DEFAULTS} matches the annotations' defaults.
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
