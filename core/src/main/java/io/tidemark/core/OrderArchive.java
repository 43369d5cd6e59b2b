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

    /**
     * What the archive holds of these distinct orders: those that left some shard's memory after they
     * counted, and the users it holds no order of at all (their state knows every order they counted).
     */
    Answer archived(List<OrderKey> orders);

    /**
     * The archive's answer.
     *
     * @param archived        the asked orders it holds
     * @param usersWithoutAny the asked orders' users it holds no order of
     */
    record Answer(Set<OrderKey> archived, Set<String> usersWithoutAny) {
        public static final Answer NOTHING_ASKED = new Answer(Set.of(), Set.of());

        public Answer {
            archived = Set.copyOf(archived);
            usersWithoutAny = Set.copyOf(usersWithoutAny);
        }
    }

    /** Keeps the orders that left memory with step {@code step} of {@code shardId} (idempotent). */
    void keep(String shardId, long step, List<OrderKey> orders);
}
