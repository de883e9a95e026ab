package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiringCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger lookups = new AtomicInteger();

    private Optional<String> lookup(String key) {
        lookups.incrementAndGet();
        return key.equals("known") ? Optional.of("env_1") : Optional.empty();
    }

    @Test
    void aRepeatedMissCostsOneLookupUntilItExpires() {
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(100, 5_000, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(cache.get("wrong key", this::lookup).isEmpty());
        }
        assertEquals(1, lookups.get());
        now.addAndGet(5_000);
        cache.get("wrong key", this::lookup);
        assertEquals(2, lookups.get(), "looked up again after the expiry, so a key created later is found");
    }

    @Test
    void aFloodOfMissesNeitherGrowsTheCacheNorEvictsAHotEntry() {
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(100, 5_000, now::get);
        cache.get("known", this::lookup);
        for (int i = 0; i < 20_000; i++) {
            cache.get("guess" + i, this::lookup);
            if (i % 10 == 0) {
                assertEquals(Optional.of("env_1"), cache.get("known", this::lookup));
            }
        }
        assertEquals(100, cache.size());
        int before = lookups.get();
        cache.get("known", this::lookup);
        assertEquals(before, lookups.get(), "the hot entry is still cached");
    }
}
