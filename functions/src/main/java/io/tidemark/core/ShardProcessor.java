package io.tidemark.core;

import io.tidemark.config.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.EventIdMemory;
import io.tidemark.core.state.LateRecord;
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
 * Two phases, because counting an order id needs an outside claim:
 * <pre>{@code
 * PreparedStep p = processor.prepare(state, records, inputs);   // state untouched
 * Map<String, String> winners = shell.claim(p.claims());         // conditional puts
 * StepResult r = processor.complete(state, p, winners);          // state updated in place
 * commit(StepLogCodec.encode(r.log()));  write(r.effects());
 * }</pre>
 * {@link #step} does both with an {@link OrderClaimRegistry}; {@link #replay} re-applies a
 * committed log entry (no claims needed: the outcomes are in it).
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

    /** Both phases with a claim registry. */
    public StepResult step(ShardState state, List<StreamRecord> records, WatermarkInputs inputs, OrderClaimRegistry claims) {
        PreparedStep prepared = prepare(state, records, inputs);
        Map<String, String> winners = prepared.claims().isEmpty() ? Map.of() : claims.claim(prepared.claims());
        return complete(state, prepared, winners);
    }

    /** The sweeper's tick: no records, a newer processing time (and peers, or end of input). */
    public StepResult tick(ShardState state, WatermarkInputs inputs) {
        return complete(state, prepare(state, List.of(), inputs), Map.of());
    }

    /** Phase one: classifies the records against {@code state} without changing it. */
    public PreparedStep prepare(ShardState state, List<StreamRecord> records, WatermarkInputs inputs) {
        checkSettings(state);
        ShardClock clock = state.clock();
        clock.startStep(state.shardId(), inputs, !records.isEmpty());
        List<StreamRecord> accepted = new ArrayList<>(records.size());
        List<LateRecord> late = new ArrayList<>();
        List<StreamRecord> rejected = new ArrayList<>();
        List<String> duplicateKeys = new ArrayList<>();
        BatchEventIds batchIds = new BatchEventIds(records.size());
        LinkedHashMap<String, OrderClaim> claims = new LinkedHashMap<>();
        RecordFacts facts = RecordFacts.of(records, state.eventIds());
        String maxSequence = null;
        long skipped = 0;
        for (int i = 0; i < records.size(); i++) {
            StreamRecord r = records.get(i);
            if (state.isApplied(r.partitionKey(), r.sequenceNumber())) {
                skipped++;
                continue;
            }
            maxSequence = maxSequence == null ? r.sequenceNumber() : SequenceNumbers.max(maxSequence, r.sequenceNumber());
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
            if (e.type() == EventType.PURCHASE) {
                claims.putIfAbsent(e.orderId(), new OrderClaim(e.orderId(), e.eventId()));
            }
            clock.observe(t);
        }
        return new PreparedStep(state.appliedSteps() + 1, inputs, records.size(), maxSequence, accepted, late, rejected, duplicateKeys,
                skipped, new ArrayList<>(claims.values()));
    }

    /**
     * Phase two: applies a prepared step with the claim outcomes (order id → winning event id, for
     * every requested claim) and returns the new state, the effects and the log entry.
     *
     * @throws IllegalStateException if the state changed since {@code prepare}
     * @throws IllegalArgumentException if a claim outcome is missing
     */
    public StepResult complete(ShardState state, PreparedStep prepared, Map<String, String> winners) {
        checkSettings(state);
        if (prepared.step() != state.appliedSteps() + 1) {
            throw new IllegalStateException("shard " + state.shardId() + ": prepared for step " + prepared.step()
                    + " but the state is now after step " + state.appliedSteps() + "; prepare again");
        }
        List<AcceptedEvent> accepted = new ArrayList<>(prepared.accepted().size());
        for (StreamRecord r : prepared.accepted()) {
            Event e = r.event();
            boolean counted = false;
            if (e.type() == EventType.PURCHASE) {
                String winner = winners.get(e.orderId());
                if (winner == null) {
                    throw new IllegalArgumentException("no claim outcome for order_id '" + e.orderId() + "' (event " + e.eventId()
                            + "): resolve every claim of PreparedStep.claims()");
                }
                counted = winner.equals(e.eventId());
            }
            accepted.add(new AcceptedEvent(e, r.partitionKey(), counted));
        }
        StepLog log = new StepLog(prepared.step(), prepared.inputs(), prepared.records(), prepared.maxSequenceNumber(), accepted,
                prepared.late(), prepared.rejected(), prepared.duplicateKeys(), prepared.skipped());
        return new StepResult(state, state.apply(log), log);
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
