package io.tidemark.core.state;

import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.util.Objects;

/**
 * An event a step accepted, as logged: the event, its record's partition key, and for a purchase
 * the outcome of its order-id claim and the tier its customer had at enrichment — the two things a
 * step learns from outside, logged so that a replay decides the same without asking again.
 *
 * @param event        the accepted event
 * @param partitionKey the record's partition key (normally the user id)
 * @param orderCounted for a purchase: this event won the claim of its order id, so its amount and
 *                     order count; always {@code false} for other types
 * @param customerTier for a counted purchase: the customer's tier when the step looked it up
 *                     ({@code unknown} if not in the customers table); {@code null} otherwise
 */
public record AcceptedEvent(Event event, String partitionKey, boolean orderCounted, String customerTier) {

    public AcceptedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(partitionKey, "partitionKey");
        if (orderCounted && event.type() != EventType.PURCHASE) {
            throw new IllegalArgumentException("only a purchase can count an order, got " + event.type().wireName());
        }
        if (orderCounted != (customerTier != null)) {
            throw new IllegalArgumentException("a counted purchase carries its customer's tier, and nothing else does (event "
                    + event.eventId() + ")");
        }
    }

    /** An accepted event that is not a counted purchase. */
    public static AcceptedEvent uncounted(Event event, String partitionKey) {
        return new AcceptedEvent(event, partitionKey, false, null);
    }

    /** A purchase that won its order-id claim, by a customer of {@code tier}. */
    public static AcceptedEvent countedOrder(Event event, String partitionKey, String tier) {
        return new AcceptedEvent(event, partitionKey, true, Objects.requireNonNull(tier, "tier"));
    }
}
