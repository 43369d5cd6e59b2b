package io.tidemark.core.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;

class WatermarksTest {

    private static final long MIN = 60_000;

    @Test
    void withATenMinuteDelayAtTenTwentyTheWatermarkIsTenTenAndTenOhNineIsBehindIt() {
        // Seed §2.3: "Watermark of 10 minutes. At 10:20: watermark = 10:10; events before 10:10 are late."
        WatermarkTracker tracker = WatermarkTracker.withDelay(Duration.ofMinutes(10)).observe(ms("10:20"));

        assertThat(tracker.watermark()).isEqualTo(ms("10:10"));
        assertThat(tracker.isBehind(ms("10:09"))).isTrue();
        assertThat(tracker.isBehind(ms("10:10"))).isFalse();
        assertThat(tracker.isBehind(ms("10:11"))).isFalse();
    }

    @Test
    void behindTheWatermarkIsLateOnlyBeyondTheAllowedLateness() {
        long w = ms("10:10");

        // No allowed lateness: behind the watermark is late (the seed's reading).
        assertThat(AllowedLateness.of(Duration.ZERO).classify(ms("10:09"), w)).isEqualTo(Timeliness.LATE);
        // the spec's default 10 min: H = 10:00, so 10:09 is late but still counted, 9:59 is late.
        AllowedLateness tenMinutes = AllowedLateness.of(Duration.ofMinutes(10));
        assertThat(tenMinutes.horizon(w)).isEqualTo(ms("10:00"));
        assertThat(tenMinutes.classify(ms("10:09"), w)).isEqualTo(Timeliness.LATE_BUT_ALLOWED);
        assertThat(tenMinutes.classify(ms("10:00"), w)).isEqualTo(Timeliness.LATE_BUT_ALLOWED);
        assertThat(tenMinutes.classify(ms("09:59:59.999"), w)).isEqualTo(Timeliness.LATE);
        assertThat(tenMinutes.classify(ms("10:10"), w)).isEqualTo(Timeliness.ON_TIME);
    }

    @Test
    void theWatermarkNeverGoesBackAndStartsAtMinusInfinity() {
        WatermarkTracker tracker = WatermarkTracker.withDelay(Duration.ofMinutes(2));
        assertThat(tracker.watermark()).isEqualTo(Timestamps.NEGATIVE_INFINITY);

        tracker = tracker.observe(ms("10:20")).observe(ms("10:05"));

        assertThat(tracker.watermark()).isEqualTo(ms("10:18"));
    }

    @Test
    void theGlobalWatermarkIsTheMinimumOverActiveShards() {
        long now = ms("12:00");
        List<ShardProgress> shards = List.of(
                new ShardProgress("a", ms("10:10"), now - MIN, false),
                new ShardProgress("b", ms("10:05"), now - 2 * MIN, false));

        assertThat(GlobalWatermark.compute(shards, now, 5 * MIN)).isEqualTo(ms("10:05"));
    }

    @Test
    void anIdleShardStopsHoldingTheWatermarkBack() {
        long now = ms("12:00");
        List<ShardProgress> shards = List.of(
                new ShardProgress("busy", ms("10:10"), now - MIN, false),
                new ShardProgress("quiet", ms("09:00"), now - 5 * MIN, false)); // silent for exactly the idle timeout

        assertThat(GlobalWatermark.compute(shards, now, 5 * MIN)).isEqualTo(ms("10:10"));
        assertThat(GlobalWatermark.compute(shards, now - 1, 5 * MIN)).isEqualTo(ms("09:00")); // one ms earlier it still counted
    }

    @Test
    void whenEveryShardIsIdleTimeAdvancesWithProcessingTimeSinceTheLastArrival() {
        List<ShardProgress> shards = List.of(
                new ShardProgress("a", ms("09:58"), ms("10:00"), false),
                new ShardProgress("b", ms("10:01"), ms("10:03"), false));

        // At 10:09 both are idle (5 min); each advances by its silence: a 9:58+9 = 10:07, b 10:01+6 = 10:07.
        assertThat(GlobalWatermark.compute(shards, ms("10:09"), 5 * MIN)).isEqualTo(ms("10:07"));
        assertThat(GlobalWatermark.compute(shards, ms("11:00"), 5 * MIN)).isEqualTo(ms("10:58"));
    }

    @Test
    void endedShardsNeverCountAndAllEndedMeansPlusInfinity() {
        long now = ms("12:00");
        ShardProgress parent = new ShardProgress("parent", ms("08:00"), now, true);
        ShardProgress child = new ShardProgress("child", ms("10:00"), now, false);

        assertThat(GlobalWatermark.compute(List.of(parent, child), now, 5 * MIN)).isEqualTo(ms("10:00"));
        assertThat(GlobalWatermark.compute(List.of(parent), now, 5 * MIN)).isEqualTo(Timestamps.POSITIVE_INFINITY);
    }

    @Test
    void shardsThatNeverDeliveredDoNotCountAndNothingKnownIsMinusInfinity() {
        long now = ms("12:00");
        ShardProgress fresh = new ShardProgress("fresh", Timestamps.NEGATIVE_INFINITY, Timestamps.NEGATIVE_INFINITY, false);

        assertThat(GlobalWatermark.compute(List.of(), now, 5 * MIN)).isEqualTo(Timestamps.NEGATIVE_INFINITY);
        assertThat(GlobalWatermark.compute(List.of(fresh), now, 5 * MIN)).isEqualTo(Timestamps.NEGATIVE_INFINITY);
        assertThat(GlobalWatermark.compute(List.of(fresh, new ShardProgress("a", ms("10:00"), now, false)), now, 5 * MIN))
                .isEqualTo(ms("10:00"));
    }

    @Test
    void arithmeticSaturatesAtTheInfinities() {
        assertThat(Timestamps.minus(Timestamps.POSITIVE_INFINITY, 10)).isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(Timestamps.minus(Timestamps.NEGATIVE_INFINITY, 10)).isEqualTo(Timestamps.NEGATIVE_INFINITY);
        assertThat(Timestamps.minus(Long.MIN_VALUE + 5, 10)).isEqualTo(Timestamps.NEGATIVE_INFINITY);
        assertThat(Timestamps.plus(Long.MAX_VALUE - 5, 10)).isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(AllowedLateness.of(Duration.ofMinutes(10)).horizon(Timestamps.POSITIVE_INFINITY)).isEqualTo(Timestamps.POSITIVE_INFINITY);
        assertThat(Timestamps.format(Timestamps.POSITIVE_INFINITY)).isEqualTo("+inf");
        assertThat(Timestamps.format(ms("10:00"))).isEqualTo("2026-11-23T10:00:00Z");
    }
}
