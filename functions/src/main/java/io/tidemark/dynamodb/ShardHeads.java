package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Head rows, all in one partition ({@code pk = heads}, {@code sk = <shard id>}) so that one query
 * returns every shard's progress: each step reads its peers, the sweeper reads them all. Written
 * after a step's effects with {@code step < :n}, so a stale writer never moves a head back.
 */
public final class ShardHeads {

    static final String PK = "heads";

    private final Dynamo dynamo;

    ShardHeads(Dynamo dynamo) {
        this.dynamo = dynamo;
    }

    /** Writes the head unless a head of the same or a later step is there; returns whether it wrote. */
    public boolean write(ShardHead h) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Dynamo.PK, Dynamo.s(PK));
        item.put(Dynamo.SK, Dynamo.s(h.shardId()));
        item.put("step", Dynamo.n(h.step()));
        item.put("own_watermark", Dynamo.n(h.progress().watermark()));
        item.put("last_activity", Dynamo.n(h.progress().lastActivity()));
        item.put("ended", Dynamo.bool(h.progress().ended()));
        item.put("watermark", Dynamo.n(h.watermark()));
        item.put("sealed", Dynamo.n(h.sealedHorizon()));
        item.put("accepted", Dynamo.n(h.totals().accepted()));
        item.put("duplicates", Dynamo.n(h.totals().duplicates()));
        item.put("rejected", Dynamo.n(h.totals().rejected()));
        item.put("late", Dynamo.n(h.totals().late()));
        item.put("skipped", Dynamo.n(h.totals().skipped()));
        item.put("pending", Dynamo.bool(h.pending()));
        if (h.lastSequence() != null) {
            item.put("last_sequence", Dynamo.s(h.lastSequence()));
        }
        item.put("snapshot_step", Dynamo.n(h.snapshotStep()));
        item.put("snapshot_at", Dynamo.n(h.snapshotAt()));
        item.put("updated_at", Dynamo.n(h.updatedAt()));
        return dynamo.putIf(Table.STATE, item, "attribute_not_exists(pk) OR #step < :n", Map.of("#step", "step"),
                Map.of(":n", Dynamo.n(h.step()))).written();
    }

    /** Every shard's head (strongly consistent), sorted by shard id. */
    public List<ShardHead> readAll() {
        QueryRequest q = QueryRequest.builder().tableName(dynamo.tables().of(Table.STATE)).consistentRead(true)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", Dynamo.s(PK))).build();
        List<ShardHead> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryAll(q)) {
            out.add(decode(item));
        }
        return out;
    }

    static ShardHead decode(Map<String, AttributeValue> item) {
        String shard = Dynamo.str(item, Dynamo.SK);
        ShardProgress progress = new ShardProgress(shard, Dynamo.num(item, "own_watermark", Long.MIN_VALUE),
                Dynamo.num(item, "last_activity", Long.MIN_VALUE), Dynamo.flag(item, "ended"));
        StepCounts totals = new StepCounts(Dynamo.num(item, "accepted", 0), Dynamo.num(item, "duplicates", 0),
                Dynamo.num(item, "rejected", 0), Dynamo.num(item, "late", 0), Dynamo.num(item, "skipped", 0));
        return new ShardHead(shard, Dynamo.num(item, "step", 0), progress, Dynamo.num(item, "watermark", Long.MIN_VALUE),
                Dynamo.num(item, "sealed", Long.MIN_VALUE), totals, Dynamo.flag(item, "pending"), Dynamo.str(item, "last_sequence"),
                Dynamo.num(item, "snapshot_step", 0), Dynamo.num(item, "snapshot_at", 0), Dynamo.num(item, "updated_at", 0));
    }
}
