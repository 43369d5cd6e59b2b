package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every shard's head. Each commit carries its shard's head ({@link ShardLog#commit}), so a step writes no head of its own;
 * the head row ({@code pk = heads}, {@code sk = <shard id>}, one partition, so that one query finds every shard) is
 * written only when the commit cannot say it: a shard's first step (so that peers and the sweeper know it), a
 * snapshot (its step and time), a hand-over, and after the view rows of a step that made a page final are written
 * (its {@code settled} horizon: what a reader may call final, since a commit's horizon runs ahead of its rows until
 * they are written). Rows are put with {@code step < :n}, so a stale writer never moves a head back. Reading a head
 * is its row plus the newest entry after the row's step (one item, newest first).
 */
public final class ShardHeads {

    static final String PK = "heads";

    private final ItemStore items;
    private final ShardLog log;

    ShardHeads(ItemStore items, ShardLog log) {
        this.items = items;
        this.log = log;
    }

    /** Writes the head row unless a row of the same or a later step is there; returns whether it wrote. */
    public boolean write(ShardHead h) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AttributeValues.PK, AttributeValues.s(PK));
        item.put(AttributeValues.SK, AttributeValues.s(h.shardId()));
        item.put("step", AttributeValues.n(h.step()));
        item.put("own_watermark", AttributeValues.n(h.progress().watermark()));
        item.put("last_activity", AttributeValues.n(h.progress().lastActivity()));
        item.put("ended", AttributeValues.bool(h.progress().ended()));
        item.put("watermark", AttributeValues.n(h.watermark()));
        item.put("sealed", AttributeValues.n(h.sealedHorizon()));
        item.put("settled", AttributeValues.n(h.settledHorizon()));
        item.put("accepted", AttributeValues.n(h.totals().accepted()));
        item.put("duplicates", AttributeValues.n(h.totals().duplicates()));
        item.put("rejected", AttributeValues.n(h.totals().rejected()));
        item.put("late", AttributeValues.n(h.totals().late()));
        item.put("skipped", AttributeValues.n(h.totals().skipped()));
        item.put("pending", AttributeValues.bool(h.pending()));
        if (h.lastSequence() != null) {
            item.put("last_sequence", AttributeValues.s(h.lastSequence()));
        }
        item.put("snapshot_step", AttributeValues.n(h.snapshotStep()));
        item.put("snapshot_at", AttributeValues.n(h.snapshotAt()));
        item.put("updated_at", AttributeValues.n(h.updatedAt()));
        item.put("max_event_time", AttributeValues.n(h.maxEventTime()));
        item.put("open_carts", AttributeValues.n(h.openCarts()));
        return items.putIf(Table.STATE, item, PutCondition.absentOrBelow("step", h.step())).written();
    }

    /** Every shard's head (strongly consistent), sorted by shard id. */
    public List<ShardHead> readAll() {
        return read(null);
    }

    /** The head rows alone, without the newer commits: which shards there are, and what their rows say. */
    public List<ShardHead> rows() {
        List<ShardHead> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items.queryAll(Table.STATE, KeyQuery.partition(PK))) {
            out.add(decode(item));
        }
        return out;
    }

    /** The progress of every shard but {@code shardId}: the peers a step of that shard waits for. */
    public List<ShardProgress> peersOf(String shardId) {
        List<ShardProgress> peers = new ArrayList<>();
        for (ShardHead head : read(shardId)) {
            if (!head.shardId().equals(shardId)) {
                peers.add(head.progress());
            }
        }
        return peers;
    }

    private List<ShardHead> read(String without) {
        List<ShardHead> out = new ArrayList<>();
        for (ShardHead row : rows()) {
            if (row.shardId().equals(without)) {
                out.add(row);
                continue;
            }
            ShardHead newer = log.newestHead(row.shardId(), row.step(), row.settledHorizon());
            out.add(newer == null || newer.step() <= row.step() ? row : withSnapshotOf(newer, row));
        }
        return out;
    }

    /** A commit's head knows the snapshot as of before its step; the row written after a snapshot may know a newer one. */
    private static ShardHead withSnapshotOf(ShardHead h, ShardHead row) {
        if (row.snapshotStep() <= h.snapshotStep()) {
            return h;
        }
        return new ShardHead(h.shardId(), h.step(), h.progress(), h.watermark(), h.sealedHorizon(), h.totals(), h.pending(), h.lastSequence(),
                row.snapshotStep(), row.snapshotAt(), h.updatedAt(), h.maxEventTime(), h.openCarts(), h.settledHorizon());
    }

    static ShardHead decode(Map<String, AttributeValue> item) {
        String shard = AttributeValues.str(item, AttributeValues.SK);
        ShardProgress progress = new ShardProgress(shard, AttributeValues.num(item, "own_watermark", Long.MIN_VALUE),
                AttributeValues.num(item, "last_activity", Long.MIN_VALUE), AttributeValues.flag(item, "ended"));
        StepCounts totals = new StepCounts(AttributeValues.num(item, "accepted", 0), AttributeValues.num(item, "duplicates", 0),
                AttributeValues.num(item, "rejected", 0), AttributeValues.num(item, "late", 0), AttributeValues.num(item, "skipped", 0));
        return new ShardHead(shard, AttributeValues.num(item, "step", 0), progress, AttributeValues.num(item, "watermark", Long.MIN_VALUE),
                AttributeValues.num(item, "sealed", Long.MIN_VALUE), totals, AttributeValues.flag(item, "pending"), AttributeValues.str(item, "last_sequence"),
                AttributeValues.num(item, "snapshot_step", 0), AttributeValues.num(item, "snapshot_at", 0), AttributeValues.num(item, "updated_at", 0),
                AttributeValues.num(item, "max_event_time", Long.MIN_VALUE), AttributeValues.num(item, "open_carts", 0),
                // Rows written before commits carried heads came after the step's rows: their horizon was settled.
                AttributeValues.num(item, "settled", AttributeValues.num(item, "sealed", Long.MIN_VALUE)));
    }
}
