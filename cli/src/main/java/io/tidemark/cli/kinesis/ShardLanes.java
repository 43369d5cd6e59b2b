package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which lane a record joins: the lane of the open shard whose hash-key range holds the MD5 of its
 * partition key, as Kinesis routes it. When the stream is resharded (a response names another shard
 * than the record's lane), the lanes of closed shards give their unsettled records to the lanes of
 * the new shards over the same hash keys, which send them — in input order, within the bound —
 * before anything of their own: no record of a child shard overtakes a parent's, and the records
 * of two merged shards go out as one lane's. Without the shard list (no permission to list it, or a
 * listing that does not tile the hash keys) one lane takes the whole stream: stricter, never wrong.
 * <p>
 * Not thread-safe: the putter calls it under its lock.
 */
final class ShardLanes {

    /** An open shard, as {@code ListShards} reports it. */
    record OpenShard(String shardId, HashKeyRange range) {
        OpenShard {
            Objects.requireNonNull(shardId, "shardId");
            Objects.requireNonNull(range, "range");
        }
    }

    private final Duration maxDisorder;
    /** Sorted by the start of their ranges, which tile every hash key. */
    private List<ShardLane> lanes;
    private boolean mapped;

    private ShardLanes(Duration maxDisorder) {
        this.maxDisorder = maxDisorder;
        this.lanes = List.of(new ShardLane(null, HashKeyRange.all(), maxDisorder, null));
    }

    /** One lane per open shard (one for the whole stream if their ranges do not tile every hash key). */
    static ShardLanes of(List<OpenShard> open, Duration maxDisorder) {
        ShardLanes lanes = new ShardLanes(maxDisorder);
        lanes.reshard(open);
        return lanes;
    }

    /** One lane for every hash key: the stream's shards are unknown. */
    static ShardLanes wholeStream(Duration maxDisorder) {
        return new ShardLanes(maxDisorder);
    }

    /** Whether there is one lane per shard, rather than one for the whole stream. */
    boolean isMapped() {
        return mapped;
    }

    List<ShardLane> lanes() {
        return lanes;
    }

    ShardLane laneFor(String partitionKey) {
        if (lanes.size() == 1) {
            return lanes.get(0);
        }
        BigInteger hashKey = HashKeyRange.hashKeyOf(partitionKey);
        int low = 0;
        int high = lanes.size() - 1;
        while (low < high) { // the last lane that starts at or before the hash key
            int mid = (low + high + 1) >>> 1;
            if (lanes.get(mid).range().start().compareTo(hashKey) <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return lanes.get(low);
    }

    /** Whether Kinesis put a record on another shard than its lane's: the shard list is out of date. */
    boolean landedElsewhere(PendingRecord pending, String shardId) {
        return mapped && shardId != null && pending.lane.shardId() != null && !pending.lane.shardId().equals(shardId);
    }

    /**
     * Lanes for the open shards: a shard still open keeps its lane, a new shard's lane takes over the
     * unsettled records of the lanes it replaces. One lane for the whole stream if the ranges do not
     * tile every hash key (a listing caught mid-reshard).
     *
     * @return whether the lanes changed
     */
    boolean reshard(List<OpenShard> open) {
        List<OpenShard> sorted = open.stream().sorted(Comparator.comparing(s -> s.range().start())).toList();
        if (!tilesEveryHashKey(sorted)) {
            collapse();
            return true;
        }
        Map<String, ShardLane> current = new HashMap<>();
        lanes.stream().filter(l -> l.shardId() != null).forEach(l -> current.put(l.shardId(), l));
        if (mapped && sorted.size() == lanes.size() && sorted.stream().allMatch(s -> current.containsKey(s.shardId()))) {
            return false;
        }
        List<ShardLane> kept = new ArrayList<>();
        List<ShardLane> replaced = new ArrayList<>(lanes);
        List<ShardLane> next = new ArrayList<>(sorted.size());
        for (OpenShard shard : sorted) {
            ShardLane same = current.get(shard.shardId());
            if (same != null && same.range().equals(shard.range())) {
                kept.add(same);
                next.add(same);
            } else {
                next.add(null);
            }
        }
        replaced.removeAll(kept);
        for (int i = 0; i < sorted.size(); i++) {
            if (next.get(i) != null) {
                continue;
            }
            HashKeyRange range = sorted.get(i).range();
            List<ShardLane> before = replaced.stream().filter(l -> overlap(l.range(), range)).toList();
            ShardLane lane = new ShardLane(sorted.get(i).shardId(), range, maxDisorder, latest(before), latestLanded(before));
            lane.takeOver(before.stream().flatMap(l -> l.unsettled().stream())
                    .filter(p -> range.contains(HashKeyRange.hashKeyOf(p.record.partitionKey()))).toList());
            next.set(i, lane);
        }
        lanes = List.copyOf(next);
        mapped = true;
        return true;
    }

    /** One lane for the whole stream, holding every unsettled record: the shard list is no longer known. */
    void collapse() {
        ShardLane all = new ShardLane(null, HashKeyRange.all(), maxDisorder, latest(lanes), latestLanded(lanes));
        all.takeOver(lanes.stream().flatMap(l -> l.unsettled().stream()).toList());
        lanes = List.of(all);
        mapped = false;
    }

    private static boolean tilesEveryHashKey(List<OpenShard> sorted) {
        BigInteger next = BigInteger.ZERO;
        for (OpenShard shard : sorted) {
            if (!shard.range().start().equals(next)) {
                return false;
            }
            next = shard.range().end().add(BigInteger.ONE);
        }
        return next.equals(HashKeyRange.MAX_HASH_KEY.add(BigInteger.ONE));
    }

    private static boolean overlap(HashKeyRange a, HashKeyRange b) {
        return a.start().compareTo(b.end()) <= 0 && b.start().compareTo(a.end()) <= 0;
    }

    private static Instant latestLanded(List<ShardLane> lanes) {
        return lanes.stream().map(ShardLane::landed).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private static Instant latest(List<ShardLane> lanes) {
        Instant latest = null;
        for (ShardLane lane : lanes) {
            Instant h = lane.highWater();
            if (h != null && (latest == null || h.isAfter(latest))) {
                latest = h;
            }
        }
        return latest;
    }
}
