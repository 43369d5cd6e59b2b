package io.tidemark.core.view;

import io.tidemark.events.EventType;

import java.util.Objects;

/**
 * An accepted event that matters to the cart state machine ({@code add_to_cart},
 * {@code remove_from_cart}, {@code purchase}), waiting in the user's buffer until the horizon
 * passes it.
 *
 * @param time      event time (epoch ms)
 * @param arrival   the shard's arrival number: ties in event time go by arrival order
 * @param type      one of the three cart-relevant types
 * @param productId cart events only
 * @param quantity  cart events: at least 1
 */
public record CartInput(long time, long arrival, EventType type, String productId, int quantity) implements Comparable<CartInput> {

    public CartInput {
        Objects.requireNonNull(type, "type");
        if (!CartView.isRelevant(type)) {
            throw new IllegalArgumentException("not a cart input: " + type.wireName());
        }
        if (type.isCartEvent()) {
            Objects.requireNonNull(productId, "productId");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be >= 1, got " + quantity);
            }
        }
    }

    @Override
    public int compareTo(CartInput o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(arrival, o.arrival);
    }
}
