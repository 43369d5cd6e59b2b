package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.local.store.ForwardingItemStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DynamoDB's throttling of batch requests, on a real store that never throttles: for the first
 * {@code throttledCalls} batch requests only the first {@code served} keys or items go to the store;
 * the rest come back unprocessed, as a throttled table answers. Everything else is the real store.
 */
final class ThrottlingItemStore extends ForwardingItemStore {

    private final int served;
    private final AtomicInteger throttledCallsLeft;
    private final AtomicInteger batchCalls = new AtomicInteger();

    ThrottlingItemStore(ItemStore real, int served, int throttledCalls) {
        super(real);
        this.served = served;
        this.throttledCallsLeft = new AtomicInteger(throttledCalls);
    }

    int batchCalls() {
        return batchCalls.get();
    }

    @Override
    public BatchGetOutcome batchGet(Table table, List<Map<String, AttributeValue>> keys) {
        batchCalls.incrementAndGet();
        if (throttledCallsLeft.getAndDecrement() <= 0) {
            return real.batchGet(table, keys);
        }
        int n = Math.min(served, keys.size());
        List<Map<String, AttributeValue>> found = n == 0 ? List.of() : real.batchGet(table, keys.subList(0, n)).items();
        return new BatchGetOutcome(found, new ArrayList<>(keys.subList(n, keys.size())));
    }

    @Override
    public List<Map<String, AttributeValue>> batchPut(Table table, List<Map<String, AttributeValue>> items) {
        batchCalls.incrementAndGet();
        if (throttledCallsLeft.getAndDecrement() <= 0) {
            return real.batchPut(table, items);
        }
        int n = Math.min(served, items.size());
        if (n > 0) {
            real.batchPut(table, items.subList(0, n));
        }
        return new ArrayList<>(items.subList(n, items.size()));
    }

}
