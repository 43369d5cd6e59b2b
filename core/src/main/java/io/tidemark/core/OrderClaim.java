package io.tidemark.core;

import java.util.Objects;

/**
 * A step's request to count {@code orderId} for the event {@code eventId}. The shell resolves it
 * with a conditional put ({@code attribute_not_exists}, {@code claimed_by = eventId}); the winner is
 * whoever claimed the order id first, ever — and a re-run of the same step finds its own claim.
 */
public record OrderClaim(String orderId, String eventId) {

    public OrderClaim {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(eventId, "eventId");
    }
}
