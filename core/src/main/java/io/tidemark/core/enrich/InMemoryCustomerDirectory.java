package io.tidemark.core.enrich;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A customer directory in memory, for tests and in-process runs. Thread-safe; counts its lookups. */
public final class InMemoryCustomerDirectory implements CustomerDirectory {

    private final HashMap<String, Customer> customers = new HashMap<>();
    private long lookedUp;

    public InMemoryCustomerDirectory(Collection<Customer> customers) {
        customers.forEach(this::put);
    }

    public synchronized void put(Customer c) {
        customers.put(c.userId(), c);
    }

    public synchronized void remove(String userId) {
        customers.remove(userId);
    }

    @Override
    public synchronized Map<String, Customer> lookup(Collection<String> userIds) {
        Map<String, Customer> out = new LinkedHashMap<>();
        for (String id : userIds) {
            lookedUp++;
            Customer c = customers.get(id);
            if (c != null) {
                out.put(id, c);
            }
        }
        return out;
    }

    /** User ids looked up so far (one per id per call). */
    public synchronized long lookups() {
        return lookedUp;
    }
}
