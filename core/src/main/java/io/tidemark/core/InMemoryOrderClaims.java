package io.tidemark.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An order-claim registry in memory: first claim wins, forever. For tests and in-process runs. */
public final class InMemoryOrderClaims implements OrderClaimRegistry {

    private final HashMap<String, String> owners = new HashMap<>();

    @Override
    public synchronized Map<String, String> claim(List<OrderClaim> claims) {
        Map<String, String> winners = new LinkedHashMap<>();
        for (OrderClaim c : claims) {
            winners.put(c.orderId(), owners.computeIfAbsent(c.orderId(), k -> c.eventId()));
        }
        return winners;
    }

    public synchronized int size() {
        return owners.size();
    }
}
