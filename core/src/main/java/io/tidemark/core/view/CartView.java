package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.events.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cart abandonment (docs/spec.md §2.4): a per-user state machine over the user's cart events in event-time
 * order (ties: arrival order), with an event-time timer at {@code last_activity + timeout}.
 * <p>
 * Accepted inputs wait in the user's buffer; {@link #settle} runs the machine over the inputs the
 * horizon has passed ({@code time < H}, so no earlier input can still arrive) and fires timers with
 * {@code deadline ≤ H}. The result is exactly the event-time-order run, whatever the arrival order
 * within the allowed lateness and however the stream was cut into batches.
 */
public final class CartView {

    private final long timeout;

    public CartView(Duration timeout) {
        this.timeout = timeout.toMillis();
    }

    /** Whether events of this type drive the cart machine. */
    public static boolean isRelevant(EventType type) {
        return type == EventType.ADD_TO_CART || type == EventType.REMOVE_FROM_CART || type == EventType.PURCHASE;
    }

    /** Buffers an accepted input (at or after the horizon) in (time, arrival) order. */
    public void accept(CartState cart, CartInput input) {
        if (cart.pending == null) {
            cart.pending = new ArrayList<>(2);
        }
        List<CartInput> pending = cart.pending;
        int n = pending.size();
        if (n == 0 || pending.get(n - 1).compareTo(input) <= 0) {
            pending.add(input);
        } else {
            int at = Collections.binarySearch(pending, input);
            pending.add(at >= 0 ? at + 1 : -at - 1, input);
        }
    }

    /**
     * Runs the machine up to {@code horizon}: applies the buffered inputs with {@code time < horizon}
     * in order, firing the timer before any input at or after the deadline, then fires the timer if
     * {@code deadline ≤ horizon}. Every abandonment goes to {@code alerts}.
     */
    public void settle(CartState cart, String userId, long horizon, Consumer<CartAbandonment> alerts) {
        List<CartInput> pending = cart.pending;
        if (pending != null) {
            int applied = 0;
            while (applied < pending.size() && pending.get(applied).time() < horizon) {
                apply(cart, userId, pending.get(applied++), alerts);
            }
            if (applied == pending.size()) {
                cart.pending = null;
            } else if (applied > 0) {
                pending.subList(0, applied).clear();
            }
        }
        if (cart.hasOpenCart() && EventTimeTrigger.reached(cart.lastActivity + timeout, horizon)) {
            abandon(cart, userId, alerts);
        }
    }

    private void apply(CartState cart, String userId, CartInput in, Consumer<CartAbandonment> alerts) {
        if (cart.hasOpenCart() && cart.lastActivity + timeout <= in.time()) {
            abandon(cart, userId, alerts);
        }
        switch (in.type()) {
            case ADD_TO_CART -> {
                if (!cart.hasOpenCart()) {
                    cart.open(in.time());
                }
                cart.lastActivity = in.time();
                cart.addQuantity(in.productId(), in.quantity());
            }
            case REMOVE_FROM_CART -> {
                if (cart.hasOpenCart()) {
                    cart.lastActivity = in.time();
                    cart.addQuantity(in.productId(), -in.quantity());
                }
            }
            case PURCHASE -> cart.close(); // converted; a purchase without a cart has no cart effect
            default -> throw new IllegalArgumentException("not a cart input: " + in.type());
        }
    }

    private void abandon(CartState cart, String userId, Consumer<CartAbandonment> alerts) {
        List<String> products = cart.productsInCart();
        Instant opened = Instant.ofEpochMilli(cart.opened);
        alerts.accept(new CartAbandonment(CartAbandonment.alertIdFor(userId, opened), userId, opened,
                Instant.ofEpochMilli(cart.lastActivity), Instant.ofEpochMilli(cart.lastActivity + timeout), products));
        cart.close();
    }

    /**
     * The smallest horizon at which {@link #settle} has work: just past the first buffered input,
     * or the open cart's deadline.
     */
    public long nextWake(CartState cart) {
        long wake = Timestamps.POSITIVE_INFINITY;
        if (cart.pending != null && !cart.pending.isEmpty()) {
            wake = cart.pending.get(0).time() + 1;
        }
        if (cart.hasOpenCart()) {
            wake = Math.min(wake, cart.lastActivity + timeout);
        }
        return wake;
    }
}
