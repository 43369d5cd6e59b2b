package io.tidemark.dynamodb;

import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.CustomerDirectory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A per-container cache in front of the customers table ({@link ExpiringLruCache}: bounded, entries
 * expire a fixed time after they were read): a step looks up only the customers it has not seen within the TTL, in
 * one batched read. Unknown customers are cached as such. Staleness is bounded by the TTL, and
 * harmless to exactly-once: whatever a step looked up is logged with it, so a replay of the log never
 * consults the cache or the table.
 */
public final class CachingCustomerDirectory implements CustomerDirectory {

    private final CustomerDirectory table;
    private final ExpiringLruCache<String, Optional<Customer>> cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public CachingCustomerDirectory(CustomerDirectory table, CustomerCacheSettings settings) {
        this(table, settings, System::nanoTime);
    }

    /** With a monotonic clock in nanoseconds, to control time in tests. */
    public CachingCustomerDirectory(CustomerDirectory table, CustomerCacheSettings settings, LongSupplier nanoTime) {
        this.table = Objects.requireNonNull(table, "table");
        this.cache = settings.enabled() ? new ExpiringLruCache<>(settings.maxEntries(), settings.ttl(), nanoTime) : null;
    }

    @Override
    public Map<String, Customer> lookup(Collection<String> userIds) {
        if (cache == null) {
            misses.addAndGet(userIds.size());
            return table.lookup(userIds);
        }
        Map<String, Customer> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        LinkedHashSet<String> distinct = new LinkedHashSet<>(userIds);
        for (String id : distinct) {
            Optional<Customer> cached = cache.getIfPresent(id);
            if (cached == null) {
                missing.add(id);
            } else {
                cached.ifPresent(c -> found.put(id, c));
            }
        }
        hits.addAndGet(distinct.size() - missing.size());
        misses.addAndGet(missing.size());
        if (!missing.isEmpty()) {
            Map<String, Customer> fetched = table.lookup(missing);
            for (String id : missing) {
                Customer c = fetched.get(id);
                cache.put(id, Optional.ofNullable(c));
                if (c != null) {
                    found.put(id, c);
                }
            }
        }
        return found;
    }

    /** Lookups answered from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Lookups that went to the table so far. */
    public long misses() {
        return misses.get();
    }
}
