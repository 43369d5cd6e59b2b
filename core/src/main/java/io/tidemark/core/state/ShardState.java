package io.tidemark.core.state;

import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.dedupe.AcceptedIds;
import io.tidemark.core.state.dedupe.EventIdMemory;
import io.tidemark.core.state.dedupe.SequenceMemory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.HourPage;
import io.tidemark.events.Event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything one shard remembers: its clock (watermarks), counters, the sequence numbers and event
 * ids already applied, the pages (hour rows) not final yet, and per-user state (sessions, recent
 * activity, cart machine with its buffer, ad-attribution join state).
 * <p>
 * The only way to change a state is {@link #apply(StepLog)}: a deterministic function of the state
 * and the log entry, which the live step and a replay both go through. For speed the state is
 * updated in place: whoever applies a step owns the state and must not use the old value (keep a
 * copy, {@code ShardStateCodec.copy}, if needed). Equal states encode to equal bytes: compare states
 * by their encodings.
 * <p>
 * The snapshot API is what a codec reads and restores, public and named: the reading accessors
 * ({@link #appliedSteps()}, {@link #maxEventTime()}, {@link #usersSorted()}, {@link #eventIds()} …)
 * and the {@code restore…} methods, which only a codec building a state from its snapshot calls.
 */
public final class ShardState {

    private final String shardId;
    private final CoreSettings settings;

    long appliedSteps;
    long arrivals;
    StepCounts totals = StepCounts.ZERO;
    final ShardClock clock;
    final SequenceMemory sequences = new SequenceMemory();
    final RedrivenBatches redriven = new RedrivenBatches();
    final EventIdMemory eventIds = new EventIdMemory();
    final UserViews views;
    /** Whether a child took this (ended) state's users; not part of the state (not encoded). */
    private boolean usersHandedOver;

    private ShardState(String shardId, CoreSettings settings, ShardClock clock) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.views = new UserViews(settings.views(), settings.orderMemory());
    }

    /** The state of a shard that has seen nothing. */
    public static ShardState empty(String shardId, CoreSettings settings) {
        return new ShardState(shardId, settings, new ShardClock(settings.eventTime()));
    }

    /**
     * The state a child shard starts from after a reshard (a split gives one parent, a merge two):
     * every user of its parents whose partition key hashes into its range, with open sessions, cart,
     * the activity already counted per window, recent ad impressions and the orders in memory; every event id the parents
     * remember (a producer's retry may straddle the reshard); a clock that makes nothing late that was
     * not late on the parent. Sequence marks stay behind (sequence numbers of different shards do not
     * compare), and so do pages and counters: the parents' rows keep their part of every window, and
     * readers add the shards up. The parents must have ended ({@link #ended()}), so they act for these
     * users no more.
     * <p>
     * The child takes the parents' users themselves, not copies: hand each child its own copies of
     * the parents ({@code ShardStateCodec.copy}) if the parents or another child are used afterwards.
     * A parent handed over once is refused the second time, so a missed copy fails here rather than
     * sharing users between two states.
     */
    public static ShardState handedOver(String childId, HashKeyRange range, List<ShardState> parents) {
        if (parents.isEmpty()) {
            throw new IllegalArgumentException("shard " + childId + ": a hand-over needs at least one parent");
        }
        CoreSettings settings = parents.get(0).settings;
        List<ShardClock> clocks = new ArrayList<>();
        for (ShardState parent : parents) {
            if (!parent.ended()) {
                throw new IllegalArgumentException("shard " + childId + ": parent " + parent.shardId + " has not ended (after step "
                        + parent.appliedSteps + "): end it before handing it over, or it would go on acting for the users it hands over");
            }
            if (!Objects.equals(parent.settings, settings)) {
                throw new IllegalArgumentException("shard " + childId + ": parents run under different settings");
            }
            if (parent.usersHandedOver) {
                throw new IllegalArgumentException("shard " + childId + ": parent " + parent.shardId + " was handed over already and its users "
                        + "belong to another child: hand each child its own copy of the parents (ShardStateCodec.copy)");
            }
            clocks.add(parent.clock);
        }
        ShardState child = new ShardState(childId, settings, ShardClock.handedOver(settings.eventTime(), clocks));
        for (ShardState parent : parents) {
            parent.usersHandedOver = true;
            for (UserState user : parent.usersSorted()) {
                if (range.holds(user.userId())) {
                    child.views.restoreUser(user);
                }
            }
            child.eventIds.rememberAll(parent.eventIds);
            child.redriven.rememberAll(parent.redriven); // a batch redriven on the parent is not taken in again by a child
            child.arrivals = Math.max(child.arrivals, parent.arrivals);
        }
        return child;
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

    /** The largest event time accepted so far. */
    public long maxEventTime() {
        return clock.maxEventTime();
    }

    /** The processing time of the last step with records. */
    public long lastActivity() {
        return clock.lastActivity();
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

    /** Whether the shard is closed and handed over to its children: its state is final, it takes no more steps. */
    public boolean ended() {
        return clock.ended();
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
        return views.pages();
    }

    public int userCount() {
        return views.userCount();
    }

    /** A user's state, or {@code null}. */
    public UserState user(String userId) {
        return views.user(userId);
    }

    /** Users whose cart is open now (items added, neither bought nor abandoned): what a dashboard shows as open carts. */
    public int openCarts() {
        int open = 0;
        for (UserState user : views.users.values()) {
            open += user.cart() != null && user.cart().hasOpenCart() ? 1 : 0; // a user who never added to a cart has none
        }
        return open;
    }

    /** All users, sorted by id. */
    public List<UserState> usersSorted() {
        List<UserState> out = new ArrayList<>(views.users.values());
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

    /** The failed batches this shard (or a parent before a reshard) took in again. */
    public RedrivenBatches redriven() {
        return redriven;
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
        if (ended()) {
            throw new IllegalStateException("shard " + shardId + " ended at step " + appliedSteps + " and was handed over to its children: "
                    + "log entry " + log.step() + " cannot follow it");
        }
        WatermarkInputs inputs = log.watermarkInputs();
        if (inputs.shardEnded()) {
            return end(log);
        }
        clock.startStep(shardId, inputs, log.records() > 0);
        SequenceMemory.Mark mark = log.maxSequenceNumber() == null ? null
                : new SequenceMemory.Mark(log.maxSequenceNumber(), inputs.processingTime());

        List<AcceptedEvent> acceptedEvents = log.accepted();
        rememberIds(acceptedEvents, parsedIds);
        try {
            views.accept(acceptedEvents, clock, arrivals + 1);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("shard " + shardId + ", log entry " + log.step() + ": " + e.getMessage(), e);
        }
        views.holdAllOrders(log.usersWithoutArchive());
        arrivals += acceptedEvents.size();
        if (log.redrive() != null) {
            // A failed batch's records lie below later marks of their keys: each key is marked up to its own records only.
            redriven.remember(log.redrive().batch(), inputs.processingTime());
            log.redrive().marks().forEach((key, sequence) -> sequences.touch(key, new SequenceMemory.Mark(sequence, inputs.processingTime())));
        } else {
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
        }
        redriven.expire(inputs.processingTime());
        clock.endStep(inputs);

        long horizon = clock.horizon();
        UserViews.Settled settled = views.settle(horizon);
        eventIds.forgetBefore(horizon);
        long retention = settings.sequenceRetention().toMillis();
        sequences.expire(Timestamps.minus(inputs.processingTime(), retention), retention / 16);
        List<HourPage> changed = views.drainChanged();
        views.dropFinal(horizon);

        appliedSteps = log.step();
        StepCounts counts = log.counts();
        totals = totals.plus(counts);
        return new StepEffects(log.step(), changed, settled.closedSessions(), settled.alerts(), log.late(), log.rejected(), counts, totals,
                progress(), clock.watermark(), horizon, settled.archivedOrders());
    }

    /**
     * The step that ends the shard: it carries no records and settles nothing (the users' timers are
     * the children's now), it only marks the state final, so that peers stop waiting for it.
     */
    private StepEffects end(StepLog log) {
        if (log.records() != 0 || !log.accepted().isEmpty() || !log.late().isEmpty() || !log.rejected().isEmpty()) {
            throw new IllegalArgumentException("shard " + shardId + ": log entry " + log.step() + " ends the shard and must carry no records, it has "
                    + log.records());
        }
        clock.end();
        appliedSteps = log.step();
        return new StepEffects(log.step(), List.of(), List.of(), List.of(), List.of(), List.of(), StepCounts.ZERO, totals, progress(),
                clock.watermark(), clock.horizon());
    }

    /** Remembers the accepted events' ids (as classification parsed them, if it did) until the horizon passes them. */
    private void rememberIds(List<AcceptedEvent> accepted, AcceptedIds parsedIds) {
        for (int i = 0; i < accepted.size(); i++) {
            Event event = accepted.get(i).event();
            if (parsedIds != null && parsedIds.isUuid(i)) {
                eventIds.rememberUuid(parsedIds.hi(i), parsedIds.lo(i), event.eventTimeMillis());
            } else {
                eventIds.remember(event.eventId(), event.eventTimeMillis());
            }
        }
    }

    // ---------------------------------------------------------------- restoring (snapshot API)

    /** Restores the counters and the clock of a state just made {@link #empty}. */
    public void restoreHeader(long appliedSteps, long arrivals, StepCounts totals, long maxEventTime, long watermark, long lastActivity,
                       boolean ended) {
        this.appliedSteps = appliedSteps;
        this.arrivals = arrivals;
        this.totals = totals;
        this.clock.restore(maxEventTime, watermark, lastActivity, ended);
    }

    /** Adds a user from a snapshot, with every view's next wake-up recomputed. */
    public void restoreUser(UserState user) {
        views.restoreUser(user);
    }

    /** Adds a page (hour row) from a snapshot. */
    public void restorePage(HourPage page) {
        views.restorePage(page);
    }

    @Override
    public String toString() {
        return "ShardState[" + shardId + ", step " + appliedSteps + ", W=" + Timestamps.format(clock.watermark()) + ", H="
                + Timestamps.format(clock.horizon()) + ", users=" + views.userCount() + ", ids=" + eventIds.size() + ", pages=" + views.pages().size()
                + ", " + totals + "]";
    }
}
