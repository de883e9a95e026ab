package dev.parley.audit.control;

import dev.parley.audit.entity.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many refused attempts of one action the audit log takes per minute on this node. Failed sign-ins are the case
 * it exists for: anyone who reaches the port can produce them, from as many addresses as they have, and each would
 * be a row. Over the budget a refusal is only counted, and the next one recorded says how many were left out, so
 * the log still shows that a flood happened. One budget per action (a closed set, so the map is bounded): a flood
 * of wrong passwords does not hide an admin's refused key revocation.
 */
@ApplicationScoped
public class RefusalBudget {

    /** Refusals of one action recorded per minute per node, at most (a burst may take all of it at once). */
    public static final int PER_MINUTE = 30;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final LongSupplier nanoClock;
    private final Map<AuditAction, Bucket> buckets = new EnumMap<>(AuditAction.class);

    private static final class Bucket {
        double tokens = PER_MINUTE;
        long refilledAt;
        long suppressed;
    }

    public RefusalBudget() {
        this(System::nanoTime);
    }

    RefusalBudget(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Takes one refusal of {@code action}: -1 if it is over budget (do not record it), else how many were left out
     * since the last one recorded (0 usually).
     */
    public synchronized long take(AuditAction action) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(action, a -> {
            Bucket fresh = new Bucket();
            fresh.refilledAt = now;
            return fresh;
        });
        b.tokens = Math.min(PER_MINUTE, b.tokens + (now - b.refilledAt) * (double) PER_MINUTE / MINUTE_NANOS);
        b.refilledAt = now;
        if (b.tokens < 1) {
            b.suppressed++;
            return -1;
        }
        b.tokens -= 1;
        long left = b.suppressed;
        b.suppressed = 0;
        return left;
    }
}
