package io.tidemark.core;

import io.tidemark.core.state.OrderKey;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An order archive in memory: for tests, simulations and in-process runs. */
public final class InMemoryOrderArchive implements OrderArchive {

    private final HashSet<OrderKey> orders = new HashSet<>();
    private final HashSet<String> users = new HashSet<>();
    private long lookups;

    @Override
    public synchronized Answer archived(List<OrderKey> keys) {
        lookups += keys.size();
        Set<OrderKey> found = new LinkedHashSet<>();
        Set<String> without = new LinkedHashSet<>();
        for (OrderKey k : keys) {
            if (orders.contains(k)) {
                found.add(k);
            }
            if (!users.contains(k.userId())) {
                without.add(k.userId());
            }
        }
        return new Answer(found, without);
    }

    @Override
    public synchronized void keep(String shardId, long step, List<OrderKey> keys) {
        orders.addAll(keys);
        keys.forEach(k -> users.add(k.userId()));
    }

    /** Orders archived so far. */
    public synchronized int size() {
        return orders.size();
    }

    /** Orders asked about so far. */
    public synchronized long lookups() {
        return lookups;
    }
}
