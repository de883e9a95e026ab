package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void callersMissingTogetherWaitForOneLoad() throws Exception {
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(100, 5_000, now::get);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r);
            threads.add(t);
            return t;
        });
        try {
            List<Future<Optional<String>>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> cache.get("known", k -> {
                loading.countDown();
                await(release);
                return lookup(k);
            })));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 15; i++) {
                answers.add(pool.submit(() -> cache.get("known", this::lookup)));
            }
            // every other caller has either looked up on its own (the defect) or parked behind the first load
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lookups.get() == 0 && parked(threads) < 15 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            release.countDown();
            for (Future<Optional<String>> a : answers) {
                assertEquals(Optional.of("env_1"), a.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, lookups.get(), "the callers that missed while the first load ran waited for it");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsNotCached() {
        ExpiringCache<String, Optional<String>> cache = new ExpiringCache<>(100, 5_000, now::get);
        assertThrows(IllegalStateException.class, () -> cache.get("known", k -> {
            throw new IllegalStateException("database down");
        }));
        assertEquals(Optional.of("env_1"), cache.get("known", this::lookup), "the next caller loads again");
    }

    private static long parked(List<Thread> threads) {
        return threads.stream().skip(1).filter(t -> t.getState() == Thread.State.WAITING).count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
