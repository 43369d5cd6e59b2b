package io.tidemark.dynamodb;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A bounded map whose entries expire a fixed time after they were written; beyond the bound the
 * least recently used entry goes. What the customer cache needs, written here rather than taken
 * from Caffeine: Caffeine's 700 classes were 0.9 MB of the Lambda jar's 12 MB budget, for a cache
 * one invocation at a time reads (a container handles one batch at a time).
 * Thread-safe by a lock, for the local runner, which may share a handler's executor across threads.
 */
final class ExpiringLruCache<K, V> {

    private record Entry<V>(V value, long writtenAt) {
    }

    private final long maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<K, Entry<V>> entries;

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own) */
    ExpiringLruCache(long maxEntries, Duration ttl, LongSupplier nanoTime) {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("an expiring cache needs maxEntries >= 1 and a positive ttl, got " + maxEntries + " and " + ttl);
        }
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > ExpiringLruCache.this.maxEntries;
            }
        };
    }

    /** The value written less than the TTL ago, or {@code null}. */
    synchronized V getIfPresent(K key) {
        Entry<V> e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (nanoTime.getAsLong() - e.writtenAt() >= ttlNanos) {
            entries.remove(key);
            return null;
        }
        return e.value();
    }

    synchronized void put(K key, V value) {
        entries.put(Objects.requireNonNull(key, "key"), new Entry<>(Objects.requireNonNull(value, "value"), nanoTime.getAsLong()));
    }

    synchronized int size() {
        return entries.size();
    }
}
