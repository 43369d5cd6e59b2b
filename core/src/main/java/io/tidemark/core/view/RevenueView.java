package io.tidemark.core.view;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Revenue per hour (docs/spec.md §2.1) and revenue per hour by customer tier: exact sums over tumbling
 * windows. Whether a purchase counts is decided outside, by the order-id claim: an order id counts
 * once, ever, for the first accepted event that claims it; every other purchase with that order id
 * adds nothing. The tier is the customer's at enrichment ({@code unknown} for a customer not in the
 * customers table), so both views count exactly the same orders.
 */
public final class RevenueView {

    /** Adds a purchase whose order-id claim this event won, by a customer of {@code tier}. */
    public void acceptCountedOrder(long eventTime, BigDecimal amount, String tier, Pages pages) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(tier, "tier");
        pages.addOrder(eventTime, amount, tier);
    }
}
