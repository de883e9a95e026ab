package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LruTest {

    @Test
    void holdsAtMostItsCapacityAndKeepsWhatIsInUse() {
        Lru<String, Integer> lru = new Lru<>(100);
        lru.put("hot", 1);
        for (int i = 0; i < 10_000; i++) {
            lru.put("cold" + i, i);
            if (i % 50 == 0) {
                assertEquals(1, lru.get("hot"));
            }
        }
        assertEquals(100, lru.size());
        assertEquals(1, lru.get("hot"), "a flood of new keys evicts only cold entries");
        assertNull(lru.get("cold0"));
        assertEquals(9_999, lru.get("cold9999"));
    }
}
