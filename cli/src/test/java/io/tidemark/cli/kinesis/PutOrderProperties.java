package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lanes against a model of Kinesis that is as unkind as the real one may be: calls in flight
 * together land entry by entry in any interleaving, any entry may fail (and is sent again or given
 * up), the producer sends any part of what the lanes allow whenever it likes, and the stream may be
 * split or merged while records flow, the lanes learning of it only from where records land.
 * Whatever happens: every record lands once or is given up, each key's records land in input order,
 * and — without a merge — no record lands behind records more than the bound past the input's own
 * high-water mark at it (a merge lets the two merging shards' records in flight at that moment
 * interleave on the child).
 */
class PutOrderProperties {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<Duration> BOUNDS = List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5));

    enum Reshard { NONE, SPLIT, MERGE }

    @Property(tries = 300)
    void eachKeyInOrderAndNoRecordMoreThanTheBoundOutOfOrder(@ForAll long seed, @ForAll Reshard reshard,
                                                             @ForAll @IntRange(min = 1, max = 8) int concurrency) {
        Random random = new Random(seed);
        Duration bound = BOUNDS.get(random.nextInt(BOUNDS.size()));
        List<OutgoingRecord> input = input(random);
        double failureRate = random.nextDouble() * 0.6;
        int maxBatch = 1 + random.nextInt(40);
        int readAhead = 1 + random.nextInt(200);
        int reshardAt = random.nextInt(input.size());

        ModelStream stream = new ModelStream();
        ShardLanes lanes = ShardLanes.of(stream.open(), bound);
        List<Call> inFlight = new ArrayList<>();
        List<PendingRecord> unsettled = new ArrayList<>();
        Map<Long, Landing> landings = new HashMap<>();
        List<Long> givenUp = new ArrayList<>();
        int next = 0;
        boolean resharded = reshard == Reshard.NONE;
        for (int step = 0; ; step++) {
            assertThat(step).as("the put finishes").isLessThan(1_000_000);
            while (next < input.size() && unsettled.size() < readAhead && random.nextBoolean()) {
                OutgoingRecord record = input.get(next);
                unsettled.add(lanes.laneFor(record.partitionKey()).enqueue(record, next));
                next++;
            }
            if (!resharded && next >= reshardAt) {
                if (reshard == Reshard.SPLIT) {
                    stream.split(random);
                } else {
                    stream.merge(random);
                }
                resharded = true;
            }
            if (next == input.size() && unsettled.isEmpty()) {
                break;
            }
            boolean send = inFlight.size() < concurrency && (inFlight.isEmpty() || random.nextBoolean());
            if (send) {
                List<PendingRecord> sendable = sendable(lanes);
                if (!sendable.isEmpty()) {
                    List<PendingRecord> part = new ArrayList<>();
                    for (PendingRecord p : sendable) {
                        if (part.size() < maxBatch && (part.isEmpty() || random.nextInt(4) > 0)) {
                            part.add(p);
                        }
                    }
                    part.forEach(p -> p.lane.sent(p));
                    inFlight.add(new Call(part));
                    continue;
                }
            }
            if (inFlight.isEmpty()) {
                assertThat(unsettled).as("records wait, none is in flight, yet none may be sent").isEmpty();
                continue;
            }
            Call call = inFlight.get(random.nextInt(inFlight.size()));
            PendingRecord p = call.records.get(call.processed);
            if (random.nextDouble() < failureRate) {
                call.landedOn.add(null);
            } else {
                ModelStream.Shard shard = stream.land(p.record);
                call.landedOn.add(shard.id);
                assertThat(landings.put(p.position, new Landing(p.record, shard, landings.size()))).as("landed twice").isNull();
            }
            if (++call.processed < call.records.size()) {
                continue;
            }
            inFlight.remove(call);
            boolean stale = false;
            for (int i = 0; i < call.records.size(); i++) {
                PendingRecord r = call.records.get(i);
                String shardId = call.landedOn.get(i);
                if (shardId != null) {
                    stale |= lanes.landedElsewhere(r, shardId);
                    r.lane.settled(r);
                    unsettled.remove(r);
                } else if (random.nextInt(50) == 0) {
                    r.lane.settled(r);
                    unsettled.remove(r);
                    givenUp.add(r.position);
                } else {
                    r.lane.retryAfter(r, 0);
                }
            }
            if (stale) {
                lanes.reshard(stream.open());
            }
        }

        assertThat(landings.size() + givenUp.size()).as("every record lands once or is given up").isEqualTo(input.size());
        assertKeysInOrder(input, landings);
        if (reshard != Reshard.MERGE) {
            assertWithinBound(input, landings, stream, bound);
        }
    }

    private static List<PendingRecord> sendable(ShardLanes lanes) {
        RequestBatch batch = new RequestBatch();
        for (ShardLane lane : lanes.lanes()) {
            lane.collectSendable(0, batch);
        }
        return batch.records;
    }

    private static void assertKeysInOrder(List<OutgoingRecord> input, Map<Long, Landing> landings) {
        Map<String, Long> lastOrderOfKey = new HashMap<>();
        for (int position = 0; position < input.size(); position++) {
            Landing landing = landings.get((long) position);
            if (landing == null) {
                continue;
            }
            Long before = lastOrderOfKey.put(landing.record.partitionKey(), landing.order);
            assertThat(before == null || before < landing.order).as("%s's record at %d landed before an earlier one",
                    landing.record.partitionKey(), position).isTrue();
        }
    }

    /**
     * For every record: the largest event time landed before it on its shard and the shard's parents
     * is at most the bound past the high-water mark of the input up to it, over its original shard's
     * hash keys.
     */
    private static void assertWithinBound(List<OutgoingRecord> input, Map<Long, Landing> landings, ModelStream stream, Duration bound) {
        for (Map.Entry<Long, Landing> entry : landings.entrySet()) {
            Landing landing = entry.getValue();
            Instant time = landing.record.eventTime();
            if (time == null) {
                continue;
            }
            HashKeyRange domain = landing.shard.root().range;
            Instant highWater = time;
            for (int i = 0; i <= entry.getKey(); i++) {
                OutgoingRecord r = input.get(i);
                if (r.eventTime() != null && domain.holds(r.partitionKey()) && r.eventTime().isAfter(highWater)) {
                    highWater = r.eventTime();
                }
            }
            for (Landing other : landings.values()) {
                if (other.order < landing.order && landing.shard.descendsFrom(other.shard) && other.record.eventTime() != null) {
                    assertThat(other.record.eventTime()).as("landed before line %d (event time %s, input high-water mark %s)",
                            landing.record.line(), time, highWater).isBeforeOrEqualTo(highWater.plus(bound));
                }
            }
        }
    }

    /** Up to 300 records of up to 30 users: event time moving on by 0–2 s, a third of them up to 5 s late, some lines without one. */
    private static List<OutgoingRecord> input(Random random) {
        int n = 1 + random.nextInt(300);
        int users = 1 + random.nextInt(30);
        List<OutgoingRecord> records = new ArrayList<>(n);
        long clock = 0;
        for (int i = 0; i < n; i++) {
            clock += random.nextInt(3) == 0 ? 0 : random.nextInt(2_000);
            byte[] data = ("line " + (i + 1)).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(20) == 0) {
                records.add(OutgoingRecord.withoutEventTime("invalid-record", data, i + 1));
            } else {
                long late = random.nextInt(3) == 0 ? random.nextInt(5_000) : 0;
                records.add(OutgoingRecord.event("u" + random.nextInt(users), data, i + 1, T0.plusMillis(clock - late)));
            }
        }
        return records;
    }

    private record Landing(OutgoingRecord record, ModelStream.Shard shard, long order) {
    }

    private static final class Call {
        final List<PendingRecord> records;
        final List<String> landedOn = new ArrayList<>();
        int processed;

        Call(List<PendingRecord> records) {
            this.records = records;
        }
    }

    /** Kinesis's routing and resharding, as far as order goes: a record lands on the open shard whose range holds its key. */
    static final class ModelStream {

        static final class Shard {
            final String id;
            final HashKeyRange range;
            final List<Shard> parents;
            boolean open = true;

            Shard(String id, HashKeyRange range, List<Shard> parents) {
                this.id = id;
                this.range = range;
                this.parents = parents;
            }

            Shard root() {
                return parents.size() == 1 ? parents.get(0).root() : this;
            }

            boolean descendsFrom(Shard other) {
                return this == other || parents.stream().anyMatch(p -> p.descendsFrom(other));
            }
        }

        private final List<Shard> shards = new ArrayList<>();

        ModelStream() {
            List<HashKeyRange> ranges = HashKeyRange.even(2);
            shards.add(new Shard("shardId-0", ranges.get(0), List.of()));
            shards.add(new Shard("shardId-1", ranges.get(1), List.of()));
        }

        List<ShardLanes.OpenShard> open() {
            return shards.stream().filter(s -> s.open).map(s -> new ShardLanes.OpenShard(s.id, s.range)).toList();
        }

        Shard land(OutgoingRecord record) {
            BigInteger hashKey = HashKeyRange.hashKeyOf(record.partitionKey());
            return shards.stream().filter(s -> s.open && s.range.contains(hashKey)).findFirst().orElseThrow();
        }

        void split(Random random) {
            Shard parent = openShards().get(random.nextInt(openShards().size()));
            BigInteger middle = parent.range.start().add(parent.range.end()).shiftRight(1).add(BigInteger.ONE);
            parent.open = false;
            for (HashKeyRange half : parent.range.splitAt(middle)) {
                shards.add(new Shard("shardId-" + shards.size(), half, List.of(parent)));
            }
        }

        void merge(Random random) {
            List<Shard> open = openShards().stream().sorted((a, b) -> a.range.start().compareTo(b.range.start())).toList();
            int i = random.nextInt(open.size() - 1);
            Shard left = open.get(i);
            Shard right = open.get(i + 1);
            left.open = false;
            right.open = false;
            shards.add(new Shard("shardId-" + shards.size(), left.range.mergedWith(right.range), List.of(left, right)));
        }

        private List<Shard> openShards() {
            return shards.stream().filter(s -> s.open).toList();
        }
    }
}
