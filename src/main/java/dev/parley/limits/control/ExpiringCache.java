package dev.parley.limits.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A bounded {@link Lru} whose entries expire after a fixed time. Misses are cached like hits (the loader's answer for
 * "no such key" is a value too), so repeating a wrong credential costs one lookup per expiry, not one per request.
 * <p>
 * Loads are single-flight: when an entry expires under load, the requests that miss it at once wait for one load
 * instead of each running it. A thousand chats sharing one secret key otherwise queue a thousand identical queries
 * for the connection pool every few seconds.
 */
public final class ExpiringCache<K, V> {

    private final Lru<K, Entry<V>> entries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

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
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> inFlight = loading.putIfAbsent(key, mine);
        if (inFlight != null) {
            return await(inFlight);
        }
        try {
            V value = load.apply(key);
            entries.put(key, new Entry<>(value, nanoClock.getAsLong() + ttlNanos));
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** The other caller's answer; its failure is rethrown as it was thrown (each waiter sees the loader's exception). */
    private static <V> V await(CompletableFuture<V> inFlight) {
        try {
            return inFlight.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
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
