package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSlotsTest {

    @Test
    void refusesOneStreamMoreThanTheLimitUntilOneCloses() {
        StreamSlots slots = new StreamSlots(2, 100);
        AtomicBoolean first = new AtomicBoolean();
        assertTrue(slots.tryAcquire("ip", first::get));
        assertTrue(slots.tryAcquire("ip", () -> false));
        assertFalse(slots.tryAcquire("ip", () -> false));
        assertTrue(slots.tryAcquire("other", () -> false), "another key has its own slots");
        first.set(true);
        assertTrue(slots.tryAcquire("ip", () -> false), "a closed stream gave its slot back");
    }

    @Test
    void zeroMeansNoLimit() {
        StreamSlots slots = new StreamSlots(0, 1);
        for (int i = 0; i < 100; i++) {
            assertTrue(slots.tryAcquire("ip", () -> false));
        }
    }
}
