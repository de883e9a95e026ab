package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void allowsABurstOfTheMinutesAmountThenAsksToRetryLater() {
        RateLimiter limiter = new RateLimiter(6, 100, now::get);
        for (int i = 0; i < 6; i++) {
            assertEquals(0, limiter.take("10.0.0.1"), "request " + i);
        }
        long wait = limiter.take("10.0.0.1");
        assertTrue(wait >= 1 && wait <= 10, "one request every 10 s refills: " + wait);
        assertEquals(0, limiter.take("10.0.0.2"), "another key has its own bucket");
        now.addAndGet(wait * 1_000_000_000L);
        assertEquals(0, limiter.take("10.0.0.1"), "after Retry-After the request goes through");
        assertTrue(limiter.take("10.0.0.1") > 0);
    }

    @Test
    void aLimitOfZeroIsNoLimit() {
        RateLimiter limiter = new RateLimiter(0, 10, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(0, limiter.take("k"));
        }
    }
}
