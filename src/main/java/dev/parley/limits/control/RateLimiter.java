package dev.parley.limits.control;

import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code perMinute} requests a minute on average, in bursts of up to {@code perMinute}. The
 * keys (addresses, credentials) live in an {@link Lru}, so a flood of new keys costs bounded memory; an evicted key
 * starts again with a full bucket, which only the least recently seen keys can gain from.
 */
public final class RateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final Lru<String, Bucket> buckets;
    private final LongSupplier nanoClock;

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    /** {@code perMinute <= 0}: no limit. */
    public RateLimiter(int perMinute, int maxKeys) {
        this(perMinute, maxKeys, System::nanoTime);
    }

    RateLimiter(int perMinute, int maxKeys, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.buckets = new Lru<>(maxKeys);
        this.nanoClock = nanoClock;
    }

    /** Takes one request from {@code key}'s bucket: 0 when it may go ahead, else the seconds until it may retry. */
    public long take(String key) {
        if (perMinute <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        synchronized (b) {
            double perNano = (double) perMinute / MINUTE_NANOS;
            b.tokens = Math.min(perMinute, b.tokens + (now - b.refilledAt) * perNano);
            b.refilledAt = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1_000_000_000L));
        }
    }

    public int perMinute() {
        return perMinute;
    }
}
