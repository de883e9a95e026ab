package dev.parley.limits.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Counts the open streams of each key (an address, a credential) and refuses one more than {@code max}. A slot is held
 * until its stream reports itself closed; closed streams are swept when their key asks for a new slot, so no close
 * callback has to reach this class on every path a stream can end by.
 */
public final class StreamSlots {

    private final int max;
    private final Lru<String, List<BooleanSupplier>> byKey;

    /** {@code max <= 0}: no limit. */
    public StreamSlots(int max, int maxKeys) {
        this.max = max;
        this.byKey = new Lru<>(maxKeys);
    }

    /** Takes a slot for a stream that is closed once {@code closed} says so; false when the key has no slot left. */
    public boolean tryAcquire(String key, BooleanSupplier closed) {
        if (max <= 0) {
            return true;
        }
        List<BooleanSupplier> held = byKey.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (held) {
            held.removeIf(BooleanSupplier::getAsBoolean);
            if (held.size() >= max) {
                return false;
            }
            held.add(closed);
            return true;
        }
    }

    public int max() {
        return max;
    }
}
