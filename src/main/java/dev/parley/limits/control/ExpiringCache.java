package dev.parley.limits.control;

import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A bounded {@link Lru} whose entries expire after a fixed time. Misses are cached like hits (the loader's answer for
 * "no such key" is a value too), so repeating a wrong credential costs one lookup per expiry, not one per request.
 */
public final class ExpiringCache<K, V> {

    private final Lru<K, Entry<V>> entries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    private record Entry<V>(V value, long until) {
    }

    public ExpiringCache(int capacity, long ttlNanos) {
        this(capacity, ttlNanos, System::nanoTime);
    }

    ExpiringCache(int capacity, long ttlNanos, LongSupplier nanoClock) {
        this.entries = new Lru<>(capacity);
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    /** The cached value, or {@code load}'s answer (cached for the expiry time, also when it means "not found"). */
    public V get(K key, Function<K, V> load) {
        long now = nanoClock.getAsLong();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.until() < 0) {
            return e.value();
        }
        V value = load.apply(key);
        entries.put(key, new Entry<>(value, now + ttlNanos));
        return value;
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
