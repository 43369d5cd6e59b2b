package io.tidemark.bench.latency;

import io.tidemark.events.Event;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The latency run's traffic, designed so that every measured effect can be attributed to the
 * record that caused it.
 * <ul>
 *   <li><b>Purchases</b> by a pool of users, each with a new order id and an amount of its own, so
 *       that every one changes its (hour, shard) revenue row: the row's revenue reaches the sum of
 *       the amounts sent to that shard and hour up to and including a purchase exactly when that
 *       purchase is in the view.</li>
 *   <li><b>Abandoned carts</b>: a share of the records is an {@code add_to_cart} by a user who never
 *       comes back. Its alert fires when the lateness horizon (the slowest shard's
 *       {@code max event time − watermark delay − allowed lateness}) reaches {@code added + 30 min}:
 *       event time runs {@code speedup} times faster than the wall clock so that this happens within
 *       the run, and the records whose arrival moves every shard past that point are known.</li>
 * </ul>
 * Event time = {@code start + speedup × (send time − run start)}: monotonic, no disorder, no lateness.
 */
public final class SteadyTraffic {

    private final Instant eventTimeStart;
    private final long wallStartNanos;
    private final int speedup;
    private final int poolUsers;
    private final int cartEvery;
    private long sent;

    /**
     * @param speedup   event-time seconds per wall-clock second
     * @param poolUsers users who buy
     * @param cartEvery every n-th record is an abandoned cart (0: none)
     */
    public SteadyTraffic(Instant eventTimeStart, long wallStartNanos, int speedup, int poolUsers, int cartEvery) {
        this.eventTimeStart = eventTimeStart;
        this.wallStartNanos = wallStartNanos;
        this.speedup = speedup;
        this.poolUsers = poolUsers;
        this.cartEvery = cartEvery;
    }

    /** The event time of a record sent now, in whole milliseconds as the JSON carries it (alert ids are made from it). */
    public Instant eventTimeAt(long nanos) {
        return eventTimeStart.plusNanos((nanos - wallStartNanos) * speedup).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Wall-clock time an event-time span takes in this run. */
    public Duration wallTimeOf(Duration eventTime) {
        return eventTime.dividedBy(speedup);
    }

    /** The next record; {@code cartsAllowed} false stops opening carts (their alerts could not fire before the run ends). */
    public Event next(long nanos, boolean cartsAllowed) {
        long i = sent++;
        Instant t = eventTimeAt(nanos);
        if (cartEvery > 0 && i % cartEvery == cartEvery - 1 && cartsAllowed) {
            return Event.addToCart("lat-" + i, "cart-user-" + i, t, "p" + (i % 50), 1);
        }
        // Unique amounts: 1.00 + i cents; every purchase moves its row.
        BigDecimal amount = BigDecimal.valueOf(100 + i, 2);
        return Event.purchase("lat-" + i, "buyer-" + (i % poolUsers), t, "order-" + i, amount, "USD");
    }
}
