package io.tidemark.core;

import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.CustomerDirectory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.dedupe.AcceptedIds;
import io.tidemark.core.state.dedupe.EventIdMemory;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.OrderKey;
import io.tidemark.core.state.Redrive;
import io.tidemark.core.state.RedrivenBatches;
import io.tidemark.core.state.ShardClock;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.UserState;
import io.tidemark.core.stream.SequenceNumbers;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One pure step for one shard: {@code (state, records, watermark inputs, archived orders, tiers) →
 * (state', effects, log entry)}. The same inputs give the same outputs; an empty step with a newer
 * processing time is the sweeper's tick.
 * <p>
 * Each record is, in this order: <em>skipped</em> if its partition key already applied its
 * sequence number (a retry or replay: no effect at all); <em>rejected</em> if invalid;
 * <em>late</em> if its event time is before the horizon {@code H = W − allowed lateness};
 * a <em>duplicate</em> if its event id was accepted (and is still remembered); else
 * <em>accepted</em>. The watermark advances after every accepted event.
 * <p>
 * An order (user, order id) counts once, ever: its user's state holds the orders it counted within
 * the order memory, and decides a repeat of those without asking anything; an order it does not
 * hold may have left memory earlier, so the order archive is asked about it. The revenue by tier
 * needs the customer's tier from the customers table (a stream-table join). Hence two phases:
 * <pre>{@code
 * PreparedStep p = processor.prepare(state, records, inputs);            // state untouched
 * Set<OrderKey> archived = archive.archived(p.orderLookups());           // reads, only for orders not in memory
 * Map<String, String> tiers = directory.tiers(p.customerLookups());       // batched, cached reads
 * StepResult r = processor.complete(state, p, archived, tiers);          // state updated in place
 * commit(StepLogCodec.encode(r.log()));  write(r.effects());              // effects: views, alerts, orders leaving memory
 * }</pre>
 * {@link #step} does both with an {@link OrderArchive} and a {@link CustomerDirectory};
 * {@link #replay} re-applies a committed log entry (no lookups needed: the outcomes are in it).
 */
public final class ShardProcessor {

    private final CoreSettings settings;

    public ShardProcessor(CoreSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CoreSettings settings() {
        return settings;
    }

    public ShardState newState(String shardId) {
        return ShardState.empty(shardId, settings);
    }

    /**
     * Both phases with an order archive and a customer directory, in process: the orders that leave memory
     * go to {@code archive} at once (a deployed shell writes them after committing the step).
     */
    public StepResult step(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, OrderArchive archive,
                           CustomerDirectory customers) {
        PreparedStep prepared = prepare(state, records, inputs);
        OrderArchive.Answer archived = prepared.orderLookups().isEmpty() ? OrderArchive.Answer.NOTHING_ASKED
                : archive.archived(prepared.orderLookups());
        StepResult result = complete(state, prepared, archived, customers.tiers(prepared.customerLookups()));
        if (!result.effects().archivedOrders().isEmpty()) {
            archive.keep(state.shardId(), result.effects().step(), result.effects().archivedOrders());
        }
        return result;
    }

    /** Both phases without a customers table ({@link CustomerDirectory#NONE}): every order counts under tier {@code unknown}. */
    public StepResult step(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, OrderArchive archive) {
        return step(state, records, inputs, archive, CustomerDirectory.NONE);
    }

    /** The sweeper's tick: no records, a newer processing time (and peers, or end of input). */
    public StepResult tick(ShardState state, WatermarkInputs inputs) {
        return complete(state, prepare(state, List.of(), inputs), OrderArchive.Answer.NOTHING_ASKED, Map.of());
    }

    /**
     * Ends the shard after a reshard: its state becomes final and passes to its children
     * ({@link ShardState#handedOver}). The step carries no records and settles nothing; the shard
     * takes no step after it.
     */
    public StepResult end(ShardState state, WatermarkInputs inputs) {
        checkSettings(state);
        StepLog log = new StepLog(state.appliedSteps() + 1, inputs.withShardEnded(), 0, null, List.of(), List.of(), List.of(), List.of(), 0);
        return new StepResult(state, state.apply(log), log);
    }

    /** Phase one: classifies the records against {@code state} without changing it. */
    public PreparedStep prepare(ShardState state, List<StreamRecord> records, WatermarkInputs inputs) {
        return prepare(state, records, inputs, null);
    }

    /**
     * Phase one of a <em>redrive</em> step when {@code redrive} is not null: the records of the failed batch of
     * that name ({@link RedrivenBatches#name}: the on-failure record's shard and sequence range), which Lambda
     * gave up on while the shard moved on. They lie below later sequence marks of their keys, so they are not
     * judged by the marks: each is rejected, late, a duplicate or accepted like any record, and counted. On the
     * batch's own shard each key is then marked up to its records (a later re-read of the stream skips them);
     * on another shard nothing is marked. A batch the shard took in before ({@link ShardState#redriven()}, a
     * parent's included) is skipped whole.
     */
    public PreparedStep prepare(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, String redrive) {
        checkSettings(state);
        if (state.ended()) {
            throw new IllegalStateException("shard " + state.shardId() + " ended at step " + state.appliedSteps()
                    + " and was handed over to its children: it takes no more steps (its records belong to them)");
        }
        if (inputs.shardEnded()) {
            throw new IllegalArgumentException("shard " + state.shardId() + ": a step that ends the shard carries no records; use end()");
        }
        ShardClock clock = state.clock();
        clock.startStep(state.shardId(), inputs, !records.isEmpty());
        List<StreamRecord> accepted = new ArrayList<>(records.size());
        List<LateRecord> late = new ArrayList<>();
        List<StreamRecord> rejected = new ArrayList<>();
        List<String> duplicateKeys = new ArrayList<>();
        BatchEventIds batchIds = new BatchEventIds(records.size());
        AcceptedIds acceptedIds = new AcceptedIds(records.size());
        LinkedHashSet<OrderKey> orderLookups = new LinkedHashSet<>();
        LinkedHashSet<String> customers = new LinkedHashSet<>();
        RecordFacts facts = RecordFacts.of(records, state.eventIds(), settings.eventTime().maxAheadOfArrival().toMillis());
        String maxSequence = null;
        long skipped = 0;
        boolean redriven = redrive != null && state.redriven().contains(redrive);
        Map<String, String> redriveMarks = new java.util.HashMap<>();
        boolean ownShard = redrive != null && RedrivenBatches.shardOf(redrive).equals(state.shardId());
        for (int i = 0; i < records.size(); i++) {
            StreamRecord r = records.get(i);
            if (redrive == null ? state.isApplied(r.partitionKey(), r.sequenceNumber()) : redriven) {
                skipped++;
                continue;
            }
            maxSequence = maxSequence == null ? r.sequenceNumber() : SequenceNumbers.max(maxSequence, r.sequenceNumber());
            if (ownShard) {
                redriveMarks.merge(r.partitionKey(), r.sequenceNumber(), SequenceNumbers::max);
            }
            if (!r.isValid()) {
                rejected.add(r);
                continue;
            }
            Event e = r.event();
            List<String> problems = facts.problems(i);
            if (!problems.isEmpty()) {
                rejected.add(StreamRecord.rejected(r.sequenceNumber(), r.partitionKey(), r.approximateArrival(), problems, r.data()));
                continue;
            }
            long t = facts.eventTime(i);
            long horizon = clock.horizon();
            if (t < horizon) {
                late.add(new LateRecord(r, horizon));
                continue;
            }
            if (batchIds.acceptedAtOrAfter(facts, i, e.eventId(), horizon) || EventIdMemory.isRememberedAt(facts.rememberedMinute(i), horizon)) {
                duplicateKeys.add(r.partitionKey());
                continue;
            }
            batchIds.add(facts, i, e.eventId(), t);
            accepted.add(r);
            if (facts.hasUuidId(i)) {
                acceptedIds.addUuid(facts.idHi(i), facts.idLo(i));
            } else {
                acceptedIds.addOther();
            }
            if (e.type() == EventType.PURCHASE) {
                UserState user = state.user(e.userId());
                if (user == null || !(user.holdsOrder(e.orderId()) || user.holdsAllOrders())) {
                    orderLookups.add(new OrderKey(e.userId(), e.orderId()));
                }
                customers.add(e.userId());
            }
            clock.observe(t);
        }
        return new PreparedStep(state.appliedSteps() + 1, inputs, records.size(), maxSequence, accepted, late, rejected, duplicateKeys,
                skipped, new ArrayList<>(orderLookups), new ArrayList<>(customers), acceptedIds,
                redrive == null ? null : new Redrive(redrive, redriveMarks));
    }

    /**
     * Phase two: applies a prepared step with the archive's answer (which of {@link PreparedStep#orderLookups()}
     * counted before they left memory, and which of their users it holds nothing of) and the customers' tiers (user id → tier, {@code unknown} for those not
     * in the customers table, for every requested lookup) and returns the new state, the effects and the log
     * entry, which records whether each purchase counted and its tier. A purchase counts unless its order
     * is in its user's state, in the archive, or counted earlier in the step.
     *
     * @throws IllegalStateException if the state changed since {@code prepare}
     * @throws IllegalArgumentException if the tier of a counted order's customer is missing
     */
    public StepResult complete(ShardState state, PreparedStep prepared, OrderArchive.Answer archive, Map<String, String> tiers) {
        checkSettings(state);
        if (prepared.step() != state.appliedSteps() + 1) {
            throw new IllegalStateException("shard " + state.shardId() + ": prepared for step " + prepared.step()
                    + " but the state is now after step " + state.appliedSteps() + "; prepare again");
        }
        List<AcceptedEvent> accepted = new ArrayList<>(prepared.accepted().size());
        Set<OrderKey> countedInStep = new HashSet<>();
        Set<OrderKey> archived = archive.archived();
        for (StreamRecord r : prepared.accepted()) {
            Event e = r.event();
            if (e.type() != EventType.PURCHASE) {
                accepted.add(AcceptedEvent.uncounted(e, r.partitionKey()));
                continue;
            }
            OrderKey order = new OrderKey(e.userId(), e.orderId());
            UserState user = state.user(e.userId());
            if ((user != null && user.holdsOrder(e.orderId())) || archived.contains(order) || !countedInStep.add(order)) {
                accepted.add(AcceptedEvent.uncounted(e, r.partitionKey()));
                continue;
            }
            String tier = tiers.get(e.userId());
            if (tier == null) {
                throw new IllegalArgumentException("no tier for user_id '" + e.userId() + "' (event " + e.eventId()
                        + "): look up every customer of PreparedStep.customerLookups(), '" + Customer.UNKNOWN_TIER + "' for those not found");
            }
            accepted.add(AcceptedEvent.countedOrder(e, r.partitionKey(), tier));
        }
        LinkedHashSet<String> withoutArchive = new LinkedHashSet<>(); // in the order asked: the same entry every time
        for (OrderKey asked : prepared.orderLookups()) {
            if (archive.usersWithoutAny().contains(asked.userId())) {
                withoutArchive.add(asked.userId());
            }
        }
        StepLog log = new StepLog(prepared.step(), prepared.inputs(), prepared.records(), prepared.maxSequenceNumber(), accepted,
                prepared.late(), prepared.rejected(), prepared.duplicateKeys(), prepared.skipped(), new ArrayList<>(withoutArchive),
                prepared.redrive());
        return new StepResult(state, state.apply(log, prepared.acceptedIds()), log);
    }

    /** Re-applies a committed log entry (loading a shard: snapshot, then the entries after it). */
    public StepResult replay(ShardState state, StepLog log) {
        checkSettings(state);
        return new StepResult(state, state.apply(log), log);
    }

    private void checkSettings(ShardState state) {
        if (!Objects.equals(state.settings(), settings)) {
            throw new IllegalArgumentException("shard " + state.shardId() + " state was made under " + state.settings()
                    + " but this processor runs " + settings);
        }
    }
}
