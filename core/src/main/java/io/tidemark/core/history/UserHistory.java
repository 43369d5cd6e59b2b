package io.tidemark.core.history;

import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.CartInput;
import io.tidemark.core.view.CartState;
import io.tidemark.core.view.CartView;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.core.window.Session;
import io.tidemark.core.window.SessionWindows;
import io.tidemark.events.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Event sourcing for one user: the state at any instant is the replay of the user's events up to
 * it, like the seed's bank account (0 + 100 − 30 + 50 = 120, and the balance at any point is the
 * sum of the deposits and withdrawals before it). The events run through the same per-user
 * machines as the pipeline — {@link CartView} over a {@link CartState} in event-time order (ties:
 * arrival), {@link SessionWindows} merging — so the cart and sessions as of {@code T} are what the
 * pipeline's state held for events up to {@code T}.
 * <p>
 * Events are the user's valid events in arrival order; a repeated {@code event_id} counts once
 * (the first), as in the pipeline. Unlike the pipeline, an event that arrived too late for its
 * windows is replayed too: the log says it happened. Pure: no I/O.
 */
public final class UserHistory {

    private final String userId;
    private final List<Event> events;
    private final ViewSettings views;

    /** @param inArrivalOrder the user's events as they arrived (others are ignored) */
    public UserHistory(String userId, List<Event> inArrivalOrder, ViewSettings views) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.views = Objects.requireNonNull(views, "views");
        Set<String> seen = new HashSet<>();
        List<Event> distinct = new ArrayList<>();
        for (Event e : inArrivalOrder) {
            if (e.userId().equals(userId) && seen.add(e.eventId())) {
                distinct.add(e);
            }
        }
        this.events = List.copyOf(distinct);
    }

    /** The user's distinct events, in arrival order. */
    public List<Event> events() {
        return events;
    }

    /** The cart (and the carts before it) as of {@code asOf}, inclusive. */
    public CartAsOf cartAsOf(Instant asOf) {
        long at = asOf.toEpochMilli();
        List<CartInput> inputs = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (CartView.isRelevant(e.type()) && e.eventTimeMillis() <= at) {
                inputs.add(new CartInput(e.eventTimeMillis(), i, e.type(), e.productId(), e.quantity()));
            }
        }
        inputs.sort(Comparator.naturalOrder());
        CartView machine = new CartView(views.cartTimeout());
        CartState cart = new CartState();
        List<CartEpisode> carts = new ArrayList<>();
        for (CartInput input : inputs) {
            CartSnapshot before = CartSnapshot.of(cart);
            List<CartAbandonment> alerts = new ArrayList<>();
            machine.accept(cart, input);
            // Every input before this one has run; runs exactly this one (and a timer due before it).
            machine.settle(cart, userId, input.time() + 1, alerts::add);
            alerts.forEach(a -> carts.add(abandoned(a, before)));
            if (before.open() && alerts.isEmpty() && !cart.hasOpenCart()) {
                carts.add(before.episode(views, CartEpisode.Outcome.CONVERTED, Instant.ofEpochMilli(input.time()), null));
            }
        }
        CartSnapshot last = CartSnapshot.of(cart);
        List<CartAbandonment> due = new ArrayList<>();
        machine.settle(cart, userId, at, due::add); // a deadline at or before asOf has passed
        due.forEach(a -> carts.add(abandoned(a, last)));
        if (cart.hasOpenCart()) {
            carts.add(CartSnapshot.of(cart).episode(views, CartEpisode.Outcome.OPEN, null, null));
        }
        return new CartAsOf(userId, asOf, inputs.size(), carts);
    }

    /** The sessions as of {@code asOf}, inclusive. */
    public SessionsAsOf sessionsAsOf(Instant asOf) {
        long at = asOf.toEpochMilli();
        SessionWindows windows = views.sessions();
        List<Session> sessions = List.of();
        long applied = 0;
        for (Event e : events) {
            if (e.eventTimeMillis() <= at) {
                sessions = windows.addEvent(sessions, e.eventTimeMillis());
                applied++;
            }
        }
        List<SessionsAsOf.SessionAt> out = new ArrayList<>();
        for (Session s : sessions) {
            long closesAt = s.lastEvent() + windows.gapMillis();
            out.add(new SessionsAsOf.SessionAt(Instant.ofEpochMilli(s.start()), Instant.ofEpochMilli(s.lastEvent()), s.events(),
                    closesAt <= at, Instant.ofEpochMilli(closesAt)));
        }
        return new SessionsAsOf(userId, asOf, applied, out);
    }

    private static CartEpisode abandoned(CartAbandonment alert, CartSnapshot before) {
        return new CartEpisode(alert.cartOpened(), alert.lastActivity(), alert.abandonedAt(), before.quantities(),
                CartEpisode.Outcome.ABANDONED, alert.abandonedAt(), alert.alertId());
    }

    /** The open cart's fields before a step (the machine's state is mutable). */
    private record CartSnapshot(boolean open, long opened, long lastActivity, Map<String, Integer> quantities) {
        static CartSnapshot of(CartState cart) {
            return new CartSnapshot(cart.hasOpenCart(), cart.openedAt(), cart.lastActivity(), cart.quantities());
        }

        CartEpisode episode(ViewSettings views, CartEpisode.Outcome outcome, Instant closedAt, String alertId) {
            return new CartEpisode(Instant.ofEpochMilli(opened), Instant.ofEpochMilli(lastActivity),
                    Instant.ofEpochMilli(lastActivity + views.cartTimeout().toMillis()), quantities, outcome, closedAt, alertId);
        }
    }
}
