package io.tidemark.local;

import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shards of {@code tidemark local}'s in-process stream, as Kinesis keeps them: created with equal
 * hash-key ranges, a record routed to the open shard whose range holds the MD5 of its partition key,
 * sequence numbers that grow along a shard, and reshards as Kinesis makes them — every open shard split
 * at the middle of its range, or neighbours merged in pairs — each new shard with a new id and its
 * parents, so the handlers hand state over as they do on a real stream.
 */
public final class InProcessStream {

    private final List<ShardLineage> all = new ArrayList<>();
    /** Open shards in hash-key order. */
    private final List<ShardLineage> open = new ArrayList<>();
    private final Map<String, Long> sequence = new HashMap<>();
    /** Sequence numbers start with the run's start, so that runs archived into one directory never collide. */
    private final long runStart;

    public InProcessStream(int shards, long runStart) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be ≥ 1, got " + shards);
        }
        this.runStart = runStart;
        List<HashKeyRange> ranges = HashKeyRange.even(shards);
        for (HashKeyRange range : ranges) {
            add(ShardLineage.root(nextId(), range));
        }
    }

    /** The open shard that takes a record with this partition key. */
    public String shardOf(String partitionKey) {
        BigInteger key = HashKeyRange.hashKeyOf(partitionKey);
        for (ShardLineage shard : open) {
            if (shard.range().contains(key)) {
                return shard.shardId();
            }
        }
        throw new IllegalStateException("no open shard holds hash key " + key); // the open ranges cover the key space
    }

    /** The next sequence number of the shard: long decimal strings that grow along it. */
    public String nextSequenceNumber(String shardId) {
        long n = sequence.merge(shardId, 1L, Long::sum);
        return String.format("49%013d%04d%020d", runStart, index(shardId), n);
    }

    public int openShards() {
        return open.size();
    }

    /** Every shard the stream has had, closed ones included, as {@code ListShards} lists them. */
    public List<ShardLineage> lineages() {
        return List.copyOf(all);
    }

    /**
     * Reshards to {@code target} open shards: twice as many (every open shard split in the middle of its
     * range) or half as many (neighbours merged in pairs).
     */
    public void reshard(int target) {
        int n = open.size();
        if (target == 2 * n) {
            List<ShardLineage> parents = List.copyOf(open);
            open.clear();
            for (ShardLineage parent : parents) {
                HashKeyRange range = parent.range();
                if (range.end().equals(range.start())) {
                    throw new IllegalArgumentException("shard " + parent.shardId() + " holds one hash key: it cannot be split");
                }
                BigInteger middle = range.start().add(range.end()).add(BigInteger.ONE).shiftRight(1);
                for (HashKeyRange half : range.splitAt(middle)) {
                    add(new ShardLineage(nextId(), List.of(parent.shardId()), half));
                }
            }
        } else if (n % 2 == 0 && target == n / 2) {
            List<ShardLineage> parents = List.copyOf(open);
            open.clear();
            for (int i = 0; i < parents.size(); i += 2) {
                ShardLineage left = parents.get(i);
                ShardLineage right = parents.get(i + 1);
                add(new ShardLineage(nextId(), List.of(left.shardId(), right.shardId()), left.range().mergedWith(right.range())));
            }
        } else {
            throw new IllegalArgumentException("from " + n + " open shards a reshard goes to " + 2 * n + " (every shard split)"
                    + (n % 2 == 0 ? " or " + n / 2 + " (neighbours merged)" : "") + ", not " + target);
        }
    }

    private void add(ShardLineage shard) {
        all.add(shard);
        open.add(shard);
    }

    private String nextId() {
        return String.format("shardId-%012d", all.size());
    }

    private static long index(String shardId) {
        return Long.parseLong(shardId.substring(shardId.indexOf('-') + 1));
    }
}
