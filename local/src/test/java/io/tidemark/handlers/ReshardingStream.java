package io.tidemark.handlers;

import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.StreamShards;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kinesis stream split and merged at random hash keys while records arrive: each record lands on the open
 * shard whose range holds its key. Read as Lambda's mapping reads it: a shard is deliverable only once its
 * parents are read to their end. {@link #listing()} is what {@code ListShards} answers.
 */
final class ReshardingStream {

    static final class Shard {
        final ShardLineage lineage;
        final List<StreamRecord> records = new ArrayList<>();
        boolean closed;
        int cursor;

        Shard(ShardLineage lineage) {
            this.lineage = lineage;
        }

        boolean finished(List<Shard> all) {
            return closed && cursor == records.size() && parents(all).stream().allMatch(p -> p.finished(all));
        }

        boolean deliverable(List<Shard> all) {
            return cursor < records.size() && parents(all).stream().allMatch(p -> p.finished(all));
        }

        List<Shard> parents(List<Shard> all) {
            return all.stream().filter(s -> lineage.parents().contains(s.lineage.shardId())).toList();
        }
    }

    final List<Shard> shards = new CopyOnWriteArrayList<>();

    /** {@code records} in arrival order with {@code reshards} splits or merges at random points among them. */
    ReshardingStream(List<StreamRecord> records, int reshards, Random rnd) {
        List<Shard> open = new ArrayList<>(List.of(newShard(ShardLineage.root("shardId-000000000000", HashKeyRange.all()))));
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < reshards; i++) {
            points.add(rnd.nextInt(records.size()));
        }
        points.sort(Comparator.naturalOrder());
        int next = 0;
        for (int i = 0; i < records.size(); i++) {
            while (next < points.size() && points.get(next) == i) {
                reshard(open, rnd);
                next++;
            }
            StreamRecord r = records.get(i);
            open.stream().filter(s -> s.lineage.range().holds(r.partitionKey())).findFirst().orElseThrow().records.add(r);
        }
    }

    StreamShards listing() {
        return () -> shards.stream().map(s -> s.lineage).toList();
    }

    boolean anyDeliverable() {
        return shards.stream().anyMatch(s -> s.deliverable(shards));
    }

    /** A shard that has records to deliver and whose parents are read to their end. */
    Shard pickDeliverable(Random rnd) {
        List<Shard> ready = shards.stream().filter(s -> s.deliverable(shards)).toList();
        return ready.get(rnd.nextInt(ready.size()));
    }

    private Shard newShard(ShardLineage lineage) {
        Shard s = new Shard(lineage);
        shards.add(s);
        return s;
    }

    private String nextId() {
        return String.format("shardId-%012d", shards.size());
    }

    /** Splits a random open shard at a random key of its range, or merges two neighbours. */
    private void reshard(List<Shard> open, Random rnd) {
        open.sort(Comparator.comparing(s -> s.lineage.range().start()));
        if (open.size() >= 2 && rnd.nextInt(3) == 0) {
            int i = rnd.nextInt(open.size() - 1);
            Shard left = open.get(i);
            Shard right = open.get(i + 1);
            Shard child = newShard(new ShardLineage(nextId(), List.of(left.lineage.shardId(), right.lineage.shardId()),
                    left.lineage.range().mergedWith(right.lineage.range())));
            left.closed = true;
            right.closed = true;
            open.remove(i + 1);
            open.set(i, child);
            return;
        }
        int i = rnd.nextInt(open.size());
        Shard parent = open.get(i);
        HashKeyRange range = parent.lineage.range();
        BigInteger width = range.end().subtract(range.start());
        if (width.signum() == 0) {
            return;
        }
        BigInteger at = range.start().add(BigInteger.ONE).add(new BigInteger(130, rnd).mod(width));
        List<HashKeyRange> halves = range.splitAt(at);
        Shard a = newShard(new ShardLineage(nextId(), List.of(parent.lineage.shardId()), halves.get(0)));
        Shard b = newShard(new ShardLineage(nextId(), List.of(parent.lineage.shardId()), halves.get(1)));
        parent.closed = true;
        open.remove(i);
        open.add(a);
        open.add(b);
    }
}
