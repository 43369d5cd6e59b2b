package io.tidemark.local.failures;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.dynamodb.ShardLoader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.local.LambdaEvents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes a failed batch in again ({@code tidemark failed-batches redrive}): its records, read again from the
 * stream, go through the Kinesis handler as one redrive step on the shard that owns their keys now — the
 * batch's own shard, or after a reshard the child whose hash-key range holds the key (a parent that ended
 * takes no step). A redrive step judges each record (rejected, late, a duplicate or accepted) and counts it,
 * whatever the sequence marks say, and is committed like any step; a batch taken in before is skipped whole,
 * so redriving twice changes nothing (docs/operations.md).
 */
public final class Redrive {

    /** The most shards a key passes through after a batch failed (each a reshard that ended the one before). */
    private static final int MAX_HOPS = 64;

    /**
     * What a redrive did with one batch.
     *
     * @param counts     how its records were judged (skipped: already taken in)
     * @param committed  the shards that took records in this time
     * @param alreadyTakenIn the shards that had taken this batch in before (nothing written there)
     */
    public record Outcome(String batch, StepCounts counts, List<String> committed, List<String> alreadyTakenIn) {
    }

    private final KinesisHandler handler;
    private final StateStore store;
    private final ShardLoader loader;
    private final String region;

    /**
     * @param handler the Kinesis handler (its executor writes to {@code store})
     * @param store   the pipeline's tables, where the shards' states and lineage are
     */
    public Redrive(KinesisHandler handler, StateStore store, ShardProcessor processor, String region) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.store = Objects.requireNonNull(store, "store");
        this.loader = new ShardLoader(store, processor);
        this.region = Objects.requireNonNull(region, "region");
    }

    /** Takes {@code records} (the whole batch, in stream order) in again. */
    public Outcome redrive(FailedBatch batch, List<SourceRecord> records) {
        StepCounts counts = StepCounts.ZERO;
        List<String> committed = new ArrayList<>();
        List<String> before = new ArrayList<>();
        Map<String, List<SourceRecord>> pending = byOwner(batch.shardId(), records);
        for (int hop = 0; !pending.isEmpty(); hop++) {
            if (hop > MAX_HOPS) {
                throw new IllegalStateException("batch " + batch.name() + ": its records kept moving to other shards (reshards while redriving?); "
                        + "run the redrive again");
            }
            Map<String, List<SourceRecord>> rerouted = new LinkedHashMap<>();
            for (Map.Entry<String, List<SourceRecord>> e : pending.entrySet()) {
                String shard = e.getKey();
                List<KinesisEvent.KinesisEventRecord> event = LambdaEvents.kinesisEvent(e.getValue(), batch.streamArn(), region,
                        "arn:aws:iam::000000000000:role/tidemark-redrive").getRecords();
                StepExecutor.Outcome o = handler.redrive(shard, batch.name(), event);
                if (o.committed()) {
                    counts = counts.plus(o.effects().counts());
                    committed.add(shard);
                    continue;
                }
                ShardState state = loader.load(shard).state();
                if (state.ended()) {
                    // The shard ended (a reshard) after its owner was chosen: its children own the keys now.
                    byOwner(shard, e.getValue()).forEach((owner, part) -> rerouted.computeIfAbsent(owner, k -> new ArrayList<>()).addAll(part));
                } else if (state.redriven().contains(batch.name())) {
                    counts = counts.plus(new StepCounts(0, 0, 0, 0, e.getValue().size()));
                    before.add(shard);
                } else {
                    throw new IllegalStateException("shard " + shard + " neither took batch " + batch.name() + " in nor has it from before");
                }
            }
            pending = rerouted;
        }
        return new Outcome(batch.name(), counts, committed, before);
    }

    /** The records grouped by the shard that owns each one's key now, starting from {@code shardId}. */
    private Map<String, List<SourceRecord>> byOwner(String shardId, List<SourceRecord> records) {
        Map<String, List<SourceRecord>> out = new LinkedHashMap<>();
        Map<String, Boolean> ended = new LinkedHashMap<>();
        List<ShardLineage> lineages = null;
        for (SourceRecord r : records) {
            String owner = shardId;
            for (int hop = 0; ended.computeIfAbsent(owner, s -> loader.load(s).state().ended()); hop++) {
                if (lineages == null) {
                    lineages = store.lineages().readAll();
                }
                String parent = owner;
                owner = lineages.stream().filter(l -> l.parents().contains(parent) && l.range().holds(r.partitionKey()))
                        .map(ShardLineage::shardId).findFirst()
                        .orElseThrow(() -> new IllegalStateException("shard " + parent + " ended, but the lineage kept in the state table names "
                                + "no child that holds key '" + r.partitionKey() + "'"));
                if (hop > MAX_HOPS) {
                    throw new IllegalStateException("the lineage kept in the state table loops at shard " + parent);
                }
            }
            out.computeIfAbsent(owner, k -> new ArrayList<>()).add(r);
        }
        return out;
    }
}
