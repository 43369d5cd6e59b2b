package io.tidemark.core.state;

import io.tidemark.core.state.internal.WakeQueue;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.ActiveUsersView;
import io.tidemark.core.view.ActivityState;
import io.tidemark.core.view.AdAttributionView;
import io.tidemark.core.view.AdState;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.CartInput;
import io.tidemark.core.view.CartState;
import io.tidemark.core.view.CartView;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.Pages;
import io.tidemark.core.view.RevenueView;
import io.tidemark.core.view.SessionView;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The views of one shard: window assignment and pre-aggregation of the four views (revenue per
 * hour, active users, sessions, cart abandonment) and both joins (ad attribution, revenue by tier)
 * into the pages not final yet, the per-user state they keep and the wake-ups that settle it.
 * <p>
 * It knows nothing of exactly-once: which events to apply, and whether an order counts, was
 * decided before (sequence numbers, event ids, order claims). {@link ShardState} owns one and adds
 * that bookkeeping.
 */
public final class UserViews {

    private final SessionView sessionView;
    private final ActiveUsersView activeUsersView;
    private final CartView cartView;
    private final AdAttributionView adView;
    private final RevenueView revenueView = new RevenueView();
    private final long orderMemory;
    // Orders that leave memory before their time, because their user's memory is full (settle drains them).
    private final List<OrderKey> overflowingOrders = new ArrayList<>();

    final HashMap<String, UserState> users = new HashMap<>();
    final Pages pages;
    // A user dropped from the map has wakeAt = +∞ for good, so its stale wake-ups do nothing; a
    // user of the same id added later queues its own.
    private final WakeQueue<UserState> wakes = new WakeQueue<>();

    public UserViews(ViewSettings settings) {
        this(settings, io.tidemark.core.settings.CoreSettings.DEFAULT_ORDER_MEMORY);
    }

    /** @param orderMemory how long after a user's latest counted order (event time) its orders stay in memory */
    public UserViews(ViewSettings settings, Duration orderMemory) {
        this.orderMemory = orderMemory.toMillis();
        this.pages = new Pages(settings);
        this.sessionView = new SessionView(settings.sessions());
        this.activeUsersView = new ActiveUsersView(settings.activeUsers());
        this.cartView = new CartView(settings.cartTimeout());
        this.adView = new AdAttributionView(settings.attributionWindow());
    }

    /**
     * Applies accepted events in order, advancing {@code clock} after each one (so each event is
     * assigned against the horizon of the events before it). Event {@code i} gets arrival number
     * {@code firstArrival + i} (the cart's tie-break).
     *
     * @throws IllegalStateException if an event is before the horizon: whoever accepted it disagrees with this state
     */
    public void accept(List<AcceptedEvent> events, ShardClock clock, long firstArrival) {
        UserState[] known = knownUsers(events);
        for (int i = 0; i < events.size(); i++) {
            AcceptedEvent accepted = events.get(i);
            long t = accepted.event().eventTimeMillis();
            long horizon = clock.horizon();
            if (t < horizon) {
                throw new IllegalStateException("event " + accepted.event().eventId() + " at " + accepted.event().timestamp()
                        + " is before the horizon " + Timestamps.format(horizon) + ": the accepted events and the state disagree");
            }
            accept(accepted, known[i], firstArrival + i, horizon);
            clock.observe(t);
        }
    }

    /**
     * Each event's user as the state holds it before the step (or {@code null}), looked up in one
     * tight loop: independent lookups overlap their cache misses, where lookups interleaved with
     * the views' work would wait for each other. Users are only dropped by {@link #settle}, so a
     * user found here is still the one to update.
     */
    private UserState[] knownUsers(List<AcceptedEvent> accepted) {
        UserState[] known = new UserState[accepted.size()];
        for (int i = 0; i < known.length; i++) {
            known[i] = users.get(accepted.get(i).event().userId());
        }
        return known;
    }

    private void accept(AcceptedEvent accepted, UserState knownUser, long arrival, long horizon) {
        Event event = accepted.event();
        long t = event.eventTimeMillis();
        UserState user = knownUser != null ? knownUser : users.get(event.userId()); // new in this step?
        if (user == null) {
            user = new UserState(event.userId());
            users.put(user.userId, user);
        }
        sessionView.accept(user.sessions, t);
        user.sessionsWake = sessionView.nextWake(user.sessions);
        if (user.activity == null) {
            user.activity = new ActivityState();
        }
        activeUsersView.accept(user.activity, t, horizon, pages);
        user.activityWake = activeUsersView.nextWake(user.activity);
        EventType type = event.type();
        if (CartView.isRelevant(type)) {
            if (user.cart == null) {
                user.cart = new CartState();
            }
            cartView.accept(user.cart, new CartInput(t, arrival, type, event.productId(), event.quantity()));
            user.cartWake = cartView.nextWake(user.cart);
        }
        // Ad events of log entries written before the join existed carry no ad id: they only count in the other views.
        if (AdAttributionView.isRelevant(type) && event.adId() != null) {
            if (user.ads == null) {
                user.ads = new AdState();
            }
            if (type == EventType.AD_IMPRESSION) {
                adView.acceptImpression(user.ads, event.adId(), t, pages);
            } else {
                adView.acceptClick(user.ads, event.adId(), t, pages);
            }
            user.adsWake = adView.nextWake(user.ads);
        }
        if (accepted.orderCounted()) {
            revenueView.acceptCountedOrder(t, event.amount(), accepted.customerTier(), pages);
            // Log entries written before orders were counted in the users' state carry no order id.
            if (event.orderId() != null) {
                rememberOrder(user, event.orderId(), t);
            }
        }
        schedule(user);
    }

    /**
     * What a horizon settled: the sessions it closed and the carts it abandoned, each in report order, and
     * the orders that left memory for the archive (by user, then order id).
     */
    public record Settled(List<ClosedSession> closedSessions, List<CartAbandonment> alerts, List<OrderKey> archivedOrders) {
    }

    /**
     * A counted order joins its user's memory, and the memory's expiry moves to the order memory after the
     * latest order. A full memory goes to the archive first (at the end of the step), so that a user who
     * keeps buying keeps a bounded state.
     */
    private void rememberOrder(UserState user, String orderId, long t) {
        if (user.orders == null) {
            user.orders = new UserOrders();
        } else if (user.orders.isFull()) {
            for (String id : user.orders.ids()) {
                overflowingOrders.add(new OrderKey(user.userId, id));
            }
            user.orders = new UserOrders();
            user.ordersComplete = false;
        }
        user.orders.add(orderId, t);
        user.ordersWake = ordersWake(user);
    }

    /**
     * Fires everything due at {@code horizon}: closes sessions, prunes activity, runs buffered cart
     * inputs and timers (abandonment alerts), settles ad clicks; drops users left with nothing.
     */
    public Settled settle(long horizon) {
        List<ClosedSession> closed = new ArrayList<>();
        List<CartAbandonment> alerts = new ArrayList<>();
        List<OrderKey> archived = new ArrayList<>(overflowingOrders);
        overflowingOrders.clear();
        Consumer<ClosedSession> closedSink = closed::add;
        Consumer<CartAbandonment> alertSink = alerts::add;
        wakes.drainDue(horizon, (at, user) -> wake(at, user, horizon, closedSink, alertSink, archived));
        closed.sort(ClosedSession.REPORT_ORDER);
        alerts.sort(CartAbandonment.REPORT_ORDER);
        archived.sort(OrderKey.ORDER);
        return new Settled(closed, alerts, archived);
    }

    /**
     * The order archive held none of these users' orders when the step asked: their state holds all they ever
     * counted — unless their memory overflowed in this very step (those orders reach the archive after it).
     */
    void holdAllOrders(List<String> userIds) {
        Set<String> overflowed = new HashSet<>();
        overflowingOrders.forEach(o -> overflowed.add(o.userId()));
        for (String id : userIds) {
            UserState user = users.get(id);
            if (user != null && !overflowed.contains(id)) {
                user.ordersComplete = true;
            }
        }
    }

    /** The pages changed since the last call: one pre-aggregated row per changed page. */
    public List<HourPage> drainChanged() {
        return pages.drainChanged();
    }

    /** Forgets the pages that are final at {@code horizon} (after their last change was drained). */
    public void dropFinal(long horizon) {
        pages.dropFinal(horizon);
    }

    /** The pages not final yet, sorted by start. */
    public List<HourPage> pages() {
        return pages.all();
    }

    public int userCount() {
        return users.size();
    }

    /** A user's state, or {@code null}. */
    public UserState user(String userId) {
        return users.get(userId);
    }

    private void wake(long at, UserState user, long horizon, Consumer<ClosedSession> closed, Consumer<CartAbandonment> alerts,
                      List<OrderKey> archived) {
        if (user.wakeAt != at) {
            return; // superseded by an earlier wake-up, or the user is gone
        }
        user.wakeAt = Timestamps.POSITIVE_INFINITY;
        // Only the views due at this horizon: a view's settle has nothing to do before its next
        // wake-up, and skipping it spares reading its (cold) state.
        if (EventTimeTrigger.reached(user.sessionsWake, horizon)) {
            sessionView.settle(user.userId, user.sessions, horizon, closed);
            user.sessionsWake = sessionView.nextWake(user.sessions);
        }
        if (EventTimeTrigger.reached(user.activityWake, horizon)) {
            activeUsersView.prune(user.activity, horizon);
            user.activity = user.activity.isEmpty() ? null : user.activity;
            user.activityWake = activityWake(user);
        }
        if (EventTimeTrigger.reached(user.cartWake, horizon)) {
            cartView.settle(user.cart, user.userId, horizon, alerts);
            user.cart = user.cart.isEmpty() ? null : user.cart;
            user.cartWake = cartWake(user);
        }
        if (EventTimeTrigger.reached(user.adsWake, horizon)) {
            adView.settle(user.ads, horizon, pages);
            user.ads = user.ads.isEmpty() ? null : user.ads;
            user.adsWake = adsWake(user);
        }
        if (EventTimeTrigger.reached(user.ordersWake, horizon)) {
            // At the end of input (H = +∞) every later event is late, so no order can count again: the
            // orders need no archive.
            if (horizon != Timestamps.POSITIVE_INFINITY) {
                for (String id : user.orders.ids()) {
                    archived.add(new OrderKey(user.userId, id));
                }
            }
            user.orders = null;
            user.ordersComplete = false;
            user.ordersWake = Timestamps.POSITIVE_INFINITY;
        }
        if (user.isEmpty()) {
            users.remove(user.userId);
        } else {
            schedule(user);
        }
    }

    /** Queues the user's next wake-up if it is earlier than the one queued. */
    private void schedule(UserState user) {
        long wake = user.nextViewWake();
        if (wake < user.wakeAt) {
            user.wakeAt = wake;
            if (wake != Timestamps.POSITIVE_INFINITY) {
                wakes.add(wake, user);
            }
        }
    }

    private long activityWake(UserState user) {
        return user.activity == null ? Timestamps.POSITIVE_INFINITY : activeUsersView.nextWake(user.activity);
    }

    private long cartWake(UserState user) {
        return user.cart == null ? Timestamps.POSITIVE_INFINITY : cartView.nextWake(user.cart);
    }

    private long adsWake(UserState user) {
        return user.ads == null ? Timestamps.POSITIVE_INFINITY : adView.nextWake(user.ads);
    }

    private long ordersWake(UserState user) {
        return user.orders == null ? Timestamps.POSITIVE_INFINITY : Timestamps.plus(user.orders.lastAt(), orderMemory);
    }

    // ---------------------------------------------------------------- restoring (snapshot API, through ShardState)

    /** Adds a user from a snapshot, with every view's next wake-up recomputed. */
    void restoreUser(UserState user) {
        user.sessionsWake = sessionView.nextWake(user.sessions);
        user.activityWake = activityWake(user);
        user.cartWake = cartWake(user);
        user.adsWake = adsWake(user);
        user.ordersWake = ordersWake(user);
        users.put(user.userId, user);
        if (user.wakeAt != Timestamps.POSITIVE_INFINITY) {
            wakes.add(user.wakeAt, user);
        }
    }

    void restorePage(HourPage page) {
        pages.restore(page);
    }
}
