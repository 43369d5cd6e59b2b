package io.tidemark.core.view;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Revenue per hour (SPEC §2.1): exact sums over tumbling windows. Whether a purchase counts is
 * decided outside, by the order-id claim: an order id counts once, ever, for the first accepted
 * event that claims it; every other purchase with that order id adds nothing.
 */
public final class RevenueView {

    /** Adds a purchase whose order-id claim this event won. */
    public void acceptCountedOrder(long eventTime, BigDecimal amount, Pages pages) {
        Objects.requireNonNull(amount, "amount");
        pages.addOrder(eventTime, amount);
    }
}
