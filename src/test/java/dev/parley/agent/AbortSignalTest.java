package dev.parley.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbortSignalTest {

    @Test
    void listenersRunOnceWhetherRegisteredBeforeOrAfterTheAbort() {
        AbortSignal signal = new AbortSignal();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        signal.onAbort(before::incrementAndGet);
        signal.onAbort(removed::incrementAndGet).close();
        signal.onAbort(() -> {
            throw new IllegalStateException("a failing listener does not stop the others");
        });
        signal.abort("stop");
        signal.abort("again");
        AtomicInteger after = new AtomicInteger();
        signal.onAbort(after::incrementAndGet);
        assertEquals(1, before.get());
        assertEquals(0, removed.get());
        assertEquals(1, after.get());
        assertEquals("stop", signal.reason());
    }

    @Test
    void awaitReturnsEarlyOnAbort() {
        AbortSignal signal = new AbortSignal();
        assertFalse(signal.await(Duration.ofMillis(20)));
        new Thread(() -> signal.abort()).start();
        long start = System.nanoTime();
        assertTrue(signal.await(Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }
}
