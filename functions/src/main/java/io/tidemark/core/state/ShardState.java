package io.tidemark.core.state;

import io.tidemark.config.CoreSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;
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
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything one shard remembers: its clock (watermarks), counters, the sequence numbers and event
 * ids already applied, the pages (hour rows) not final yet, and per-user state (sessions, recent
 * activity, cart machine with its buffer, ad-attribution join state).
 * <p>
 * The only way to change a state is {@link #apply(StepLog)}: a deterministic function of the state
 * and the log entry, which the live step and a replay both go through. For speed the state is
 * updated in place: whoever applies a step owns the state and must not use the old value (keep a
 * {@link #copy()} if needed). Equal states encode to equal bytes ({@code ShardStateCodec}).
 */
public final class ShardState {

    private final String shardId;
    private final CoreSettings settings;
    private final SessionView sessionView;
    private final ActiveUsersView activeUsersView;
    private final CartView cartView;
    private final AdAttributionView adView;
    private final RevenueView revenueView = new RevenueView();

    long appliedSteps;
    long arrivals;
    StepCounts totals = StepCounts.ZERO;
    final ShardClock clock;
    final SequenceMemory sequences = new SequenceMemory();
    final EventIdMemory eventIds = new EventIdMemory();
    final HashMap<String, UserState> users = new HashMap<>();
    final Pages pages;
    // A user dropped from the map has wakeAt = +∞ for good, so its stale wake-ups do nothing; a
    // user of the same id added later queues its own.
    private final WakeQueue wakes = new WakeQueue();

    private ShardState(String shardId, CoreSettings settings) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = new ShardClock(settings.eventTime());
        this.pages = new Pages(settings.views());
        this.sessionView = new SessionView(settings.views().sessions());
        this.activeUsersView = new ActiveUsersView(settings.views().activeUsers());
        this.cartView = new CartView(settings.views().cartTimeout());
        this.adView = new AdAttributionView(settings.views().attributionWindow());
    }

    /** The state of a shard that has seen nothing. */
    public static ShardState empty(String shardId, CoreSettings settings) {
        return new ShardState(shardId, settings);
    }

    // ---------------------------------------------------------------- reading

    public String shardId() {
        return shardId;
    }

    public CoreSettings settings() {
        return settings;
    }

    /** Steps applied so far: the number of the last log entry in this state. */
    public long appliedSteps() {
        return appliedSteps;
    }

    /** Accepted events so far; the next accepted event gets arrival number {@code arrivals() + 1}. */
    public long arrivals() {
        return arrivals;
    }

    public StepCounts totals() {
        return totals;
    }

    /** A copy of the clock, for classifying a new batch without touching the state. */
    public ShardClock clock() {
        return clock.copy();
    }

    /** The global watermark {@code W} as this shard knows it. */
    public long watermark() {
        return clock.watermark();
    }

    /** The lateness horizon {@code H}: everything of this shard before it is final. */
    public long sealedHorizon() {
        return clock.horizon();
    }

    public ShardProgress progress() {
        return clock.progress(shardId);
    }

    /** Whether a record of {@code partitionKey} at {@code sequenceNumber} was applied already. */
    public boolean isApplied(String partitionKey, String sequenceNumber) {
        return sequences.isApplied(partitionKey, sequenceNumber);
    }

    /** Whether the event id was accepted with an event time ≥ {@code horizon} (and is still remembered). */
    public boolean hasAccepted(String eventId, long horizon) {
        return eventIds.contains(eventId, horizon);
    }

    /** The pages (hour rows) not final yet, sorted by start: the shard's current early results. */
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

    /** All users, sorted by id. */
    public List<UserState> usersSorted() {
        List<UserState> out = new ArrayList<>(users.values());
        out.sort(Comparator.comparing(UserState::userId));
        return out;
    }

    public int rememberedEventIds() {
        return eventIds.size();
    }

    public EventIdMemory eventIds() {
        return eventIds;
    }

    public SequenceMemory sequences() {
        return sequences;
    }

    /** A deep copy (through the codec's structure, so it is exactly equal). */
    public ShardState copy() {
        return ShardStateCodec.decode(ShardStateCodec.encode(this), settings);
    }

    // ---------------------------------------------------------------- applying a step

    /**
     * Applies log entry {@code log.step()} to this state (which must be after step
     * {@code log.step() − 1}) and returns the step's effects. Live steps and replays both come here.
     *
     * @throws IllegalStateException if the entry does not follow this state or contradicts it
     */
    public StepEffects apply(StepLog log) {
        return apply(log, null);
    }

    /**
     * {@link #apply(StepLog)} with the accepted events' ids as classification parsed them
     * ({@code null}: parse them from the entry).
     */
    public StepEffects apply(StepLog log, AcceptedIds parsedIds) {
        if (parsedIds != null && parsedIds.size() != log.accepted().size()) {
            throw new IllegalArgumentException(parsedIds.size() + " parsed ids for the " + log.accepted().size() + " accepted events of entry " + log.step());
        }
        if (log.step() != appliedSteps + 1) {
            throw new IllegalStateException("shard " + shardId + ": log entry " + log.step() + " does not follow this state, which is after step "
                    + appliedSteps + " (load the snapshot and entries in order)");
        }
        WatermarkInputs inputs = log.watermarkInputs();
        clock.startStep(shardId, inputs, log.records() > 0);
        SequenceMemory.Mark mark = log.maxSequenceNumber() == null ? null
                : new SequenceMemory.Mark(log.maxSequenceNumber(), inputs.processingTime());

        List<AcceptedEvent> acceptedEvents = log.accepted();
        UserState[] knownUsers = knownUsers(acceptedEvents);
        for (int i = 0; i < acceptedEvents.size(); i++) {
            acceptEvent(acceptedEvents.get(i), knownUsers[i], parsedIds, i);
        }
        for (AcceptedEvent accepted : acceptedEvents) {
            sequences.touch(accepted.partitionKey(), mark);
        }
        for (LateRecord late : log.late()) {
            sequences.touch(late.record().partitionKey(), mark);
        }
        for (StreamRecord rejected : log.rejected()) {
            sequences.touch(rejected.partitionKey(), mark);
        }
        for (String key : log.duplicateKeys()) {
            sequences.touch(key, mark);
        }
        clock.endStep(inputs);

        long horizon = clock.horizon();
        List<ClosedSession> closed = new ArrayList<>();
        List<CartAbandonment> alerts = new ArrayList<>();
        settle(horizon, closed, alerts);
        eventIds.forgetBefore(horizon);
        long retention = settings.sequenceRetention().toMillis();
        sequences.expire(Timestamps.minus(inputs.processingTime(), retention), retention / 16);
        List<HourPage> changed = pages.drainChanged();
        pages.dropFinal(horizon);

        appliedSteps = log.step();
        StepCounts counts = log.counts();
        totals = totals.plus(counts);
        closed.sort(ClosedSession.REPORT_ORDER);
        alerts.sort(CartAbandonment.REPORT_ORDER);
        return new StepEffects(log.step(), changed, closed, alerts, log.late(), log.rejected(), counts, totals,
                progress(), clock.watermark(), horizon);
    }

    /**
     * Each event's user as the state holds it before the step (or {@code null}), looked up in one
     * tight loop: independent lookups overlap their cache misses, where lookups interleaved with
     * the views' work would wait for each other. Users are only dropped after the events are
     * applied, so a user found here is still the one to update.
     */
    private UserState[] knownUsers(List<AcceptedEvent> accepted) {
        UserState[] known = new UserState[accepted.size()];
        for (int i = 0; i < known.length; i++) {
            known[i] = users.get(accepted.get(i).event().userId());
        }
        return known;
    }

    private void acceptEvent(AcceptedEvent accepted, UserState knownUser, AcceptedIds parsedIds, int index) {
        Event event = accepted.event();
        long t = event.eventTimeMillis();
        long horizon = clock.horizon();
        if (t < horizon) {
            throw new IllegalStateException("shard " + shardId + ": the log accepts event " + event.eventId() + " at "
                    + event.timestamp() + ", before the horizon " + Timestamps.format(horizon) + ": log and state disagree");
        }
        if (parsedIds != null && parsedIds.isUuid(index)) {
            eventIds.rememberUuid(parsedIds.hi(index), parsedIds.lo(index), t);
        } else {
            eventIds.remember(event.eventId(), t);
        }
        long arrival = ++arrivals;
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
        }
        schedule(user);
        clock.observe(t);
    }

    private void settle(long horizon, Collection<ClosedSession> closed, Collection<CartAbandonment> alerts) {
        Consumer<ClosedSession> closedSink = closed::add;
        Consumer<CartAbandonment> alertSink = alerts::add;
        wakes.drainDue(horizon, (at, user) -> wake(at, user, horizon, closedSink, alertSink));
    }

    private void wake(long at, UserState user, long horizon, Consumer<ClosedSession> closed, Consumer<CartAbandonment> alerts) {
        if (user.wakeAt != at) {
            return; // superseded by an earlier wake-up, or the user is gone
        }
        user.wakeAt = Timestamps.POSITIVE_INFINITY;
        // Only the views due at this horizon: a view's settle has nothing to do before its next
        // wake-up, and skipping it spares reading its (cold) state.
        if (isDue(user.sessionsWake, horizon)) {
            sessionView.settle(user.userId, user.sessions, horizon, closed);
            user.sessionsWake = sessionView.nextWake(user.sessions);
        }
        if (isDue(user.activityWake, horizon)) {
            activeUsersView.prune(user.activity, horizon);
            user.activity = user.activity.isEmpty() ? null : user.activity;
            user.activityWake = activityWake(user);
        }
        if (isDue(user.cartWake, horizon)) {
            cartView.settle(user.cart, user.userId, horizon, alerts);
            user.cart = user.cart.isEmpty() ? null : user.cart;
            user.cartWake = cartWake(user);
        }
        if (isDue(user.adsWake, horizon)) {
            adView.settle(user.ads, horizon, pages);
            user.ads = user.ads.isEmpty() ? null : user.ads;
            user.adsWake = adsWake(user);
        }
        if (user.isEmpty()) {
            users.remove(user.userId);
        } else {
            schedule(user);
        }
    }

    /** Whether a view whose next wake-up is {@code wake} has work at {@code horizon} (+∞ is no wake-up, even at the end of input). */
    private static boolean isDue(long wake, long horizon) {
        return wake <= horizon && wake != Timestamps.POSITIVE_INFINITY;
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

    /** Recomputes every view's next wake-up of the user (after a restore). */
    private void refreshViewWakes(UserState user) {
        user.sessionsWake = sessionView.nextWake(user.sessions);
        user.activityWake = activityWake(user);
        user.cartWake = cartWake(user);
        user.adsWake = adsWake(user);
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

    // ---------------------------------------------------------------- restoring (codec)

    void restoreHeader(long appliedSteps, long arrivals, StepCounts totals, long maxEventTime, long watermark, long lastActivity,
                       boolean ended) {
        this.appliedSteps = appliedSteps;
        this.arrivals = arrivals;
        this.totals = totals;
        this.clock.restore(maxEventTime, watermark, lastActivity, ended);
    }

    void restoreUser(UserState user) {
        refreshViewWakes(user);
        users.put(user.userId, user);
        if (user.wakeAt != Timestamps.POSITIVE_INFINITY) {
            wakes.add(user.wakeAt, user);
        }
    }

    void restorePage(HourPage page) {
        pages.restore(page);
    }

    /** Structural equality of everything that is encoded (for tests; prefer comparing encodings). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ShardState s && java.util.Arrays.equals(ShardStateCodec.encode(s), ShardStateCodec.encode(this));
    }

    @Override
    public int hashCode() {
        return Objects.hash(shardId, appliedSteps, arrivals);
    }

    @Override
    public String toString() {
        return "ShardState[" + shardId + ", step " + appliedSteps + ", W=" + Timestamps.format(clock.watermark()) + ", H="
                + Timestamps.format(clock.horizon()) + ", users=" + users.size() + ", ids=" + eventIds.size() + ", pages=" + pages.size()
                + ", " + totals + "]";
    }

    static List<String> sortedUserIds(HashMap<String, UserState> users) {
        List<String> ids = new ArrayList<>(users.keySet());
        Collections.sort(ids);
        return ids;
    }
}
