package io.tidemark.core.state;

import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.util.Objects;

/**
 * An event a step accepted, as logged: the event, its record's partition key, and for a purchase
 * the outcome of its order-id claim.
 *
 * @param event        the accepted event
 * @param partitionKey the record's partition key (normally the user id)
 * @param orderCounted for a purchase: this event won the claim of its order id, so its amount and
 *                     order count; always {@code false} for other types
 */
public record AcceptedEvent(Event event, String partitionKey, boolean orderCounted) {

    public AcceptedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(partitionKey, "partitionKey");
        if (orderCounted && event.type() != EventType.PURCHASE) {
            throw new IllegalArgumentException("only a purchase can count an order, got " + event.type().wireName());
        }
    }
}
