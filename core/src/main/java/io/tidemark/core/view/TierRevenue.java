package io.tidemark.core.view;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Revenue of one customer tier in one hour: the exact sum of the amounts of the orders counted
 * there and their number (the same orders as the revenue view: an order id counts once, ever).
 */
public record TierRevenue(BigDecimal revenue, long orders) {

    public static final TierRevenue ZERO = new TierRevenue(BigDecimal.ZERO, 0);

    public TierRevenue {
        Objects.requireNonNull(revenue, "revenue");
        if (orders < 0) {
            throw new IllegalArgumentException("orders are never negative, got " + orders);
        }
    }

    public TierRevenue plus(TierRevenue o) {
        return new TierRevenue(revenue.add(o.revenue), orders + o.orders);
    }

    public TierRevenue plusOrder(BigDecimal amount) {
        return new TierRevenue(revenue.add(amount), orders + 1);
    }
}
