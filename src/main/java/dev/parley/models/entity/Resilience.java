package dev.parley.models.entity;

import java.time.Duration;

/**
 * The fault-tolerance settings of one provider: at most {@code maxAttempts} tries (first included) with exponential
 * backoff from {@code initialBackoff} up to {@code maxBackoff}; after {@code breakerThreshold} consecutive failed
 * attempts the circuit opens for {@code breakerOpenFor}, and calls fail at once until a trial call succeeds.
 */
public record Resilience(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int breakerThreshold,
                         Duration breakerOpenFor) {

    public static final Resilience DEFAULTS =
            new Resilience(3, Duration.ofMillis(500), Duration.ofSeconds(8), 5, Duration.ofSeconds(30));

    public Resilience {
        if (maxAttempts < 1 || breakerThreshold < 1) {
            throw new IllegalArgumentException("maxAttempts and breakerThreshold must be at least 1");
        }
    }
}
