package io.tidemark.cli.kinesis;

import io.tidemark.core.stream.HashKeyRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing records to lanes as Kinesis routes them to shards, and following a reshard. */
class ShardLanesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final List<HashKeyRange> TWO = HashKeyRange.even(2);

    @Test
    void aRecordJoinsTheLaneOfTheShardWhoseRangeHoldsItsKey() {
        ShardLanes lanes = ShardLanes.of(List.of(new ShardLanes.OpenShard("s1", TWO.get(1)), new ShardLanes.OpenShard("s0", TWO.get(0))), BOUND);

        for (int i = 0; i < 200; i++) {
            String key = "u" + i;
            ShardLane lane = lanes.laneFor(key);
            assertThat(lane.range().holds(key)).as(key).isTrue();
            assertThat(lane.shardId()).isEqualTo(TWO.get(0).holds(key) ? "s0" : "s1");
        }
        assertThat(lanes.isMapped()).isTrue();
    }

    @Test
    void theSameShardsChangeNothing() {
        ShardLanes lanes = ShardLanes.of(twoShards(), BOUND);
        List<ShardLane> before = lanes.lanes();

        assertThat(lanes.reshard(twoShards())).isFalse();
        assertThat(lanes.lanes()).isEqualTo(before);
    }

    @Test
    void afterASplitTheChildrenTakeOverTheirKeysUnsettledRecordsAndTheOtherShardKeepsItsLane() {
        ShardLanes lanes = ShardLanes.of(twoShards(), BOUND);
        ShardLane other = lanes.lanes().get(1);
        String leftKey = keyIn(TWO.get(0), 0);
        String rightKey = keyIn(TWO.get(0), 1);
        PendingRecord a = enqueue(lanes, leftKey, 0);
        PendingRecord b = enqueue(lanes, rightKey, 1);
        assertThat(lanes.landedElsewhere(a, "s0")).isFalse();
        assertThat(lanes.landedElsewhere(a, "s2")).as("s0 was split: its record landed on a child").isTrue();

        List<HashKeyRange> halves = TWO.get(0).splitAt(middle(TWO.get(0)));
        assertThat(lanes.reshard(List.of(new ShardLanes.OpenShard("s2", halves.get(0)), new ShardLanes.OpenShard("s3", halves.get(1)),
                new ShardLanes.OpenShard("s1", TWO.get(1))))).isTrue();

        assertThat(lanes.lanes()).hasSize(3).contains(other);
        assertThat(a.lane.shardId()).isEqualTo(halves.get(0).holds(leftKey) ? "s2" : "s3");
        assertThat(b.lane.shardId()).isEqualTo(halves.get(0).holds(rightKey) ? "s2" : "s3");
        assertThat(a.lane.unsettled()).contains(a);
        assertThat(lanes.laneFor(leftKey)).isSameAs(a.lane);
    }

    @Test
    void aListingThatDoesNotTileTheHashKeysLeavesOneLaneForTheWholeStreamHoldingEveryRecord() {
        ShardLanes lanes = ShardLanes.of(twoShards(), BOUND);
        PendingRecord a = enqueue(lanes, keyIn(TWO.get(0), 0), 0);
        PendingRecord b = enqueue(lanes, keyIn(TWO.get(1), 0), 1);

        lanes.reshard(List.of(new ShardLanes.OpenShard("s0", TWO.get(0))));

        assertThat(lanes.isMapped()).isFalse();
        assertThat(lanes.lanes()).hasSize(1);
        assertThat(lanes.lanes().get(0).unsettled()).containsExactly(a, b);
        assertThat(lanes.landedElsewhere(a, "s9")).as("no shard list, nothing to compare with").isFalse();
    }

    private static List<ShardLanes.OpenShard> twoShards() {
        return List.of(new ShardLanes.OpenShard("s0", TWO.get(0)), new ShardLanes.OpenShard("s1", TWO.get(1)));
    }

    private static PendingRecord enqueue(ShardLanes lanes, String key, int position) {
        return lanes.laneFor(key).enqueue(OutgoingRecord.event(key, key.getBytes(StandardCharsets.UTF_8), position + 1,
                T0.plusSeconds(position)), position);
    }

    /** A key of the range, in its lower (0) or upper (1) half. */
    private static String keyIn(HashKeyRange range, int half) {
        HashKeyRange wanted = range.splitAt(middle(range)).get(half);
        for (int i = 0; ; i++) {
            if (wanted.holds("k" + i)) {
                return "k" + i;
            }
        }
    }

    private static BigInteger middle(HashKeyRange range) {
        return range.start().add(range.end()).shiftRight(1).add(BigInteger.ONE);
    }
}
