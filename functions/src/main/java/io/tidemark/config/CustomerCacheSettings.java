package io.tidemark.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-container cache of customer lookups (the enrichment join). A profile is served from the
 * cache for up to {@code ttl} after it was read, so a change to the customers table reaches the
 * pipeline within that time; unknown customers are cached too (a purchase by one does not read the
 * table every time). Entries beyond {@code maxEntries} are evicted, least recently used first.
 *
 * @param maxEntries customers kept per container (about 200 bytes each)
 * @param ttl        how long a lookup result is reused; zero turns the cache off
 */
public record CustomerCacheSettings(long maxEntries, Duration ttl) {

    public CustomerCacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (maxEntries < 0 || ttl.isNegative()) {
            throw new IllegalArgumentException("customer cache: maxEntries and ttl must be >= 0, got " + maxEntries + " and " + ttl);
        }
    }

    /** 100 000 customers (about 20 MB), 5 minutes. */
    public static CustomerCacheSettings defaults() {
        return new CustomerCacheSettings(100_000, Duration.ofMinutes(5));
    }

    public boolean enabled() {
        return maxEntries > 0 && !ttl.isZero();
    }
}
