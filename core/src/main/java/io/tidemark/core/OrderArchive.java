package io.tidemark.core;

import io.tidemark.core.state.OrderKey;

import java.util.List;
import java.util.Set;

/**
 * Where orders go when they leave memory, so that each counts once, ever (docs/spec.md §2.1). A user's
 * orders are decided in the user's state on the shard that owns the user, with no outside call; once
 * the user has been quiet for the order memory ({@code CoreSettings.orderMemory}) they leave it for
 * the archive — a step's effect, written after its commit — and a later purchase of an order not in
 * memory asks the archive. Implemented by the shell over DynamoDB, and in memory by
 * {@link InMemoryOrderArchive}.
 */
public interface OrderArchive {

    /** Of these distinct orders, those that left some shard's memory after they counted. */
    Set<OrderKey> archived(List<OrderKey> orders);

    /** Keeps the orders that left memory with step {@code step} of {@code shardId} (idempotent). */
    void keep(String shardId, long step, List<OrderKey> orders);
}
