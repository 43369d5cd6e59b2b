package io.tidemark.core;

import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.CustomerDirectory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.AcceptedIds;
import io.tidemark.core.state.EventIdMemory;
import io.tidemark.core.state.LateRecord;
import io.tidemark.core.state.Redrive;
import io.tidemark.core.state.RedrivenBatches;
import io.tidemark.core.state.ShardClock;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.stream.SequenceNumbers;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pure step for one shard: {@code (state, records, watermark inputs, claim outcomes) →
 * (state', effects, log entry)}. The same inputs give the same outputs; an empty step with a newer
 * processing time is the sweeper's tick.
 * <p>
 * Each record is, in this order: <em>skipped</em> if its partition key already applied its
 * sequence number (a retry or replay: no effect at all); <em>rejected</em> if invalid;
 * <em>late</em> if its event time is before the horizon {@code H = W − allowed lateness};
 * a <em>duplicate</em> if its event id was accepted (and is still remembered); else
 * <em>accepted</em>. The watermark advances after every accepted event.
 * <p>
 * Two phases, because counting an order id needs an outside claim and the revenue by tier needs
 * the customer's tier from the customers table (a stream-table join):
 * <pre>{@code
 * PreparedStep p = processor.prepare(state, records, inputs);          // state untouched
 * Map<String, String> winners = shell.claim(p.claims());                // conditional puts
 * Map<String, String> tiers = directory.tiers(p.customerLookups());     // batched, cached reads
 * StepResult r = processor.complete(state, p, winners, tiers);          // state updated in place
 * commit(StepLogCodec.encode(r.log()));  write(r.effects());
 * }</pre>
 * {@link #step} does both with an {@link OrderClaimRegistry} and a {@link CustomerDirectory};
 * {@link #replay} re-applies a committed log entry (no claims or lookups needed: the outcomes are in it).
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

    /** Both phases with a claim registry and a customer directory. */
    public StepResult step(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, OrderClaimRegistry claims,
                           CustomerDirectory customers) {
        PreparedStep prepared = prepare(state, records, inputs);
        Map<String, String> winners = prepared.claims().isEmpty() ? Map.of() : claims.claim(prepared.claims());
        return complete(state, prepared, winners, customers.tiers(prepared.customerLookups()));
    }

    /** Both phases without a customers table ({@link CustomerDirectory#NONE}): every order counts under tier {@code unknown}. */
    public StepResult step(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, OrderClaimRegistry claims) {
        return step(state, records, inputs, claims, CustomerDirectory.NONE);
    }

    /** The sweeper's tick: no records, a newer processing time (and peers, or end of input). */
    public StepResult tick(ShardState state, WatermarkInputs inputs) {
        return complete(state, prepare(state, List.of(), inputs), Map.of(), Map.of());
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
        LinkedHashMap<String, OrderClaim> claims = new LinkedHashMap<>();
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
                claims.putIfAbsent(e.orderId(), new OrderClaim(e.orderId(), e.eventId()));
                customers.add(e.userId());
            }
            clock.observe(t);
        }
        return new PreparedStep(state.appliedSteps() + 1, inputs, records.size(), maxSequence, accepted, late, rejected, duplicateKeys,
                skipped, new ArrayList<>(claims.values()), new ArrayList<>(customers), acceptedIds,
                redrive == null ? null : new Redrive(redrive, redriveMarks));
    }

    /**
     * Phase two: applies a prepared step with the claim outcomes (order id → winning event id, for
     * every requested claim) and the customers' tiers (user id → tier, {@code unknown} for those not
     * in the customers table, for every requested lookup) and returns the new state, the effects
     * and the log entry, which records both.
     *
     * @throws IllegalStateException if the state changed since {@code prepare}
     * @throws IllegalArgumentException if a claim outcome or the tier of a counted order's customer is missing
     */
    public StepResult complete(ShardState state, PreparedStep prepared, Map<String, String> winners, Map<String, String> tiers) {
        checkSettings(state);
        if (prepared.step() != state.appliedSteps() + 1) {
            throw new IllegalStateException("shard " + state.shardId() + ": prepared for step " + prepared.step()
                    + " but the state is now after step " + state.appliedSteps() + "; prepare again");
        }
        List<AcceptedEvent> accepted = new ArrayList<>(prepared.accepted().size());
        for (StreamRecord r : prepared.accepted()) {
            Event e = r.event();
            if (e.type() != EventType.PURCHASE) {
                accepted.add(AcceptedEvent.uncounted(e, r.partitionKey()));
                continue;
            }
            String winner = winners.get(e.orderId());
            if (winner == null) {
                throw new IllegalArgumentException("no claim outcome for order_id '" + e.orderId() + "' (event " + e.eventId()
                        + "): resolve every claim of PreparedStep.claims()");
            }
            if (!winner.equals(e.eventId())) {
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
        StepLog log = new StepLog(prepared.step(), prepared.inputs(), prepared.records(), prepared.maxSequenceNumber(), accepted,
                prepared.late(), prepared.rejected(), prepared.duplicateKeys(), prepared.skipped(), prepared.redrive());
        return new StepResult(state, state.apply(log, prepared.acceptedIds()), log);
    }

    /** Re-applies a committed log entry (loading a shard: snapshot, then the entries after it). */
    public StepResult replay(ShardState state, StepLog log) {
        checkSettings(state);
        return new StepResult(state, state.apply(log), log);
    }

    private void checkSettings(ShardState state) {
        if (!state.settings().equals(settings)) {
            throw new IllegalArgumentException("shard " + state.shardId() + " state was made under " + state.settings()
                    + " but this processor runs " + settings);
        }
    }
}
