package dev.parley.limits.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that holds at most {@code capacity} entries and drops the least recently used one to make room. Caches and
 * counters that strangers can fill (one entry per guessed key, per address, per user name) use it, so that flooding
 * them evicts only the flooder's own cold entries instead of clearing the whole map.
 */
public final class Lru<K, V> {

    private final LinkedHashMap<K, V> map;

    public Lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    public synchronized V remove(K key) {
        return map.remove(key);
    }

    /** The value for {@code key}, created by {@code create} while holding the lock (keep it cheap). */
    public synchronized V computeIfAbsent(K key, Function<K, V> create) {
        return map.computeIfAbsent(key, create);
    }

    public synchronized void clear() {
        map.clear();
    }

    public synchronized int size() {
        return map.size();
    }
}
