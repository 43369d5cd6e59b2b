package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One user's cart machine (docs/spec.md §2.4), the value of the Flink function's keyed state. Events wait in
 * {@link #pending} until the horizon passes them — after that no earlier event can arrive, it would
 * be late — and then run in event-time order, ties in arrival order. Mutable: it lives on the heap
 * state backend, which stores the object itself.
 */
final class UserCart {

    private record Pending(long time, long arrival, EventType type, String productId, int quantity) {
        static final Comparator<Pending> ORDER = Comparator.comparingLong(Pending::time).thenComparingLong(Pending::arrival);
    }

    private static final long NONE = Long.MIN_VALUE;

    private final List<Pending> pending = new ArrayList<>(2);
    private long arrivals;
    private long opened = NONE;
    private long lastActivity;
    private TreeMap<String, Integer> quantities;

    /** Buffers a cart event (add, remove or purchase) in (time, arrival) order. */
    void buffer(Event e) {
        Pending p = new Pending(e.eventTimeMillis(), arrivals++, e.type(), e.productId(), e.quantity());
        int at = pending.size();
        while (at > 0 && Pending.ORDER.compare(pending.get(at - 1), p) > 0) {
            at--;
        }
        pending.add(at, p);
    }

    /**
     * Runs the events before {@code horizon} in order — a cart whose deadline is reached before an
     * event is abandoned first — then abandons an open cart whose deadline is at or before the horizon.
     */
    void settle(String userId, long horizon, long timeoutMillis, Consumer<Report.Abandonment> alerts) {
        int applied = 0;
        while (applied < pending.size() && pending.get(applied).time() < horizon) {
            Pending p = pending.get(applied++);
            if (opened != NONE && p.time() >= lastActivity + timeoutMillis) {
                abandon(userId, alerts);
            }
            apply(p);
        }
        pending.subList(0, applied).clear();
        if (opened != NONE && lastActivity + timeoutMillis <= horizon) {
            abandon(userId, alerts);
        }
    }

    private void apply(Pending p) {
        switch (p.type()) {
            case ADD_TO_CART -> {
                if (opened == NONE) {
                    opened = p.time();
                    quantities = new TreeMap<>();
                }
                lastActivity = p.time();
                quantities.merge(p.productId(), p.quantity(), Integer::sum);
            }
            case REMOVE_FROM_CART -> {
                if (opened != NONE) {
                    lastActivity = p.time();
                    quantities.merge(p.productId(), -p.quantity(), Integer::sum);
                }
            }
            case PURCHASE -> close(); // converted, or no cart: nothing to alert
            default -> throw new IllegalArgumentException("not a cart event: " + p.type());
        }
    }

    private void abandon(String userId, Consumer<Report.Abandonment> alerts) {
        List<String> products = new ArrayList<>();
        for (Map.Entry<String, Integer> e : quantities.entrySet()) {
            if (e.getValue() > 0) {
                products.add(e.getKey());
            }
        }
        Instant cartOpened = Instant.ofEpochMilli(opened);
        alerts.accept(new Report.Abandonment(CartAbandonment.alertIdFor(userId, cartOpened), userId, cartOpened,
                Instant.ofEpochMilli(lastActivity), products));
        close();
    }

    private void close() {
        opened = NONE;
        quantities = null;
    }

    /** The smallest horizon at which {@link #settle} has work, or {@code Long.MAX_VALUE}. */
    long nextWake(long timeoutMillis) {
        long wake = pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).time() + 1;
        return opened == NONE ? wake : Math.min(wake, lastActivity + timeoutMillis);
    }

    /** Nothing buffered and no open cart: the state can go. */
    boolean isIdle() {
        return pending.isEmpty() && opened == NONE;
    }
}
