package io.tidemark.core.state;

import java.util.Comparator;
import java.util.Objects;

/**
 * An order as docs/spec.md §2.1 identifies it: the user and the user's {@code order_id}. Two users may
 * use the same order id for two orders; both count.
 */
public record OrderKey(String userId, String orderId) {

    /** By user, then order id: the order in which a step lists the orders that leave memory. */
    public static final Comparator<OrderKey> ORDER = Comparator.comparing(OrderKey::userId).thenComparing(OrderKey::orderId);

    public OrderKey {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orderId, "orderId");
    }

    // Written out, not the record's generated pair: that one is linked through method handles on first use, which a
    // Lambda cold start pays for (orders are hashed from the first batch's first order on).
    @Override
    public boolean equals(Object o) {
        return o instanceof OrderKey other && userId.equals(other.userId) && orderId.equals(other.orderId);
    }

    @Override
    public int hashCode() {
        return 31 * userId.hashCode() + orderId.hashCode();
    }
}
