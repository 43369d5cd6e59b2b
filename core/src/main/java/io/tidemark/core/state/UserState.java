package io.tidemark.core.state;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.ActivityState;
import io.tidemark.core.view.AdState;
import io.tidemark.core.view.CartState;
import io.tidemark.core.view.OpenSessions;
import io.tidemark.core.window.Session;

import java.util.List;
import java.util.Objects;

/**
 * Everything a shard keeps about one user: open sessions, recent activity (active-user windows not
 * final yet), the cart machine with its buffer, the ad-attribution join state (recent impressions,
 * clicks not settled), the orders counted within the order memory. A user with none of these is
 * dropped from the state.
 */
public final class UserState {

    final String userId;
    OpenSessions sessions = new OpenSessions();
    ActivityState activity;
    CartState cart;
    AdState ads;
    /** Orders counted since the user's orders last left memory, or {@code null}. */
    UserOrders orders;
    /** The order archive holds none of this user's orders: {@link #orders} is every order the user ever counted. */
    boolean ordersComplete;
    /** The horizon at which this user has work queued (a timer, a buffered input, expiry). */
    long wakeAt = Timestamps.POSITIVE_INFINITY;
    // Each view's next wake-up, refreshed whenever that view changes: scheduling takes their
    // minimum without reading the views an event did not touch (cold in memory).
    long sessionsWake = Timestamps.POSITIVE_INFINITY;
    long activityWake = Timestamps.POSITIVE_INFINITY;
    long cartWake = Timestamps.POSITIVE_INFINITY;
    long adsWake = Timestamps.POSITIVE_INFINITY;
    long ordersWake = Timestamps.POSITIVE_INFINITY;

    UserState(String userId) {
        this.userId = Objects.requireNonNull(userId, "userId");
    }

    public String userId() {
        return userId;
    }

    /** Open sessions, sorted by start. */
    public List<Session> sessions() {
        return sessions.list();
    }

    /** Recent activity buckets, or {@code null} if none. */
    public ActivityState activity() {
        return activity;
    }

    /** The cart machine, or {@code null} if the user has no open cart and nothing buffered. */
    public CartState cart() {
        return cart;
    }

    /** The ad-attribution join state, or {@code null} if the user has no recent impression or pending click. */
    public AdState ads() {
        return ads;
    }

    /** The order ids counted in memory (in the order they counted), empty if none. */
    public List<String> orders() {
        return orders == null ? List.of() : orders.ids();
    }

    /** Whether the user's state holds {@code orderId} as counted. */
    public boolean holdsOrder(String orderId) {
        return orders != null && orders.contains(orderId);
    }

    /** Whether the state holds every order the user ever counted (the archive has none): a new order id is a new order. */
    public boolean holdsAllOrders() {
        return ordersComplete;
    }

    /** When the last of the orders in memory counted (meaningless if {@link #orders()} is empty): the snapshot API. */
    public long lastOrderAt() {
        return orders == null ? 0 : orders.lastAt();
    }

    public long wakeAt() {
        return wakeAt;
    }

    long nextViewWake() {
        return Math.min(Math.min(Math.min(sessionsWake, activityWake), Math.min(cartWake, adsWake)), ordersWake);
    }

    boolean isEmpty() {
        return sessions.isEmpty() && activity == null && cart == null && ads == null && orders == null;
    }

    /** Restores a user from a snapshot (snapshot API). */
    public static UserState restore(String userId, List<Session> sessions, ActivityState activity, CartState cart, AdState ads,
                                    long wakeAt) {
        UserState u = new UserState(userId);
        u.sessions = OpenSessions.of(sessions);
        u.activity = activity;
        u.cart = cart;
        u.ads = ads;
        u.wakeAt = wakeAt;
        return u;
    }

    /** Restores a user with the orders it holds in memory (snapshot API); {@code orderIds} empty: none. */
    public static UserState restore(String userId, List<Session> sessions, ActivityState activity, CartState cart, AdState ads,
                             List<String> orderIds, long lastOrderAt, boolean ordersComplete, long wakeAt) {
        UserState u = restore(userId, sessions, activity, cart, ads, wakeAt);
        u.orders = orderIds.isEmpty() ? null : UserOrders.restore(orderIds, lastOrderAt);
        u.ordersComplete = ordersComplete;
        return u;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserState u && u.userId.equals(userId) && u.sessions.equals(sessions)
                && Objects.equals(u.activity, activity) && Objects.equals(u.cart, cart) && Objects.equals(u.ads, ads)
                && Objects.equals(u.orders, orders) && u.ordersComplete == ordersComplete && u.wakeAt == wakeAt;
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }

    @Override
    public String toString() {
        return "UserState[" + userId + ", sessions=" + sessions + ", activity=" + activity + ", cart=" + cart + ", ads=" + ads + ", orders=" + orders + ", wakeAt=" + wakeAt + "]";
    }
}
