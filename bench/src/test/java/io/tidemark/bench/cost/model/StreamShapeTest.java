package io.tidemark.bench.cost.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class StreamShapeTest {

    private static StreamShape shape(double rate, KinesisMode mode) {
        return StreamShape.at(rate, mode, 150, 1.25, Duration.ofSeconds(2), 500);
    }

    @Test
    void theBatchingWindowGathersTheShardsRecordsUpToTheBatchSize() {
        assertThat(shape(12, KinesisMode.PROVISIONED)).extracting(StreamShape::shards, StreamShape::batchSize).containsExactly(1, 24);
        assertThat(shape(100, KinesisMode.PROVISIONED)).extracting(StreamShape::shards, StreamShape::batchSize).containsExactly(1, 200);
        // 1 000 records/s × 1.25 headroom needs 2 shards; 500 a second each fill a batch of 500.
        assertThat(shape(1_000, KinesisMode.PROVISIONED)).extracting(StreamShape::shards, StreamShape::batchSize).containsExactly(2, 500);
        assertThat(shape(10_000, KinesisMode.PROVISIONED)).extracting(StreamShape::shards, StreamShape::batchSize).containsExactly(13, 500);
    }

    @Test
    void anOnDemandStreamSpreadsEvenLowTrafficOverFourShards() {
        StreamShape s = shape(12, KinesisMode.ON_DEMAND);
        assertThat(s.shards()).isEqualTo(4);
        assertThat(s.batchSize()).isEqualTo(6); // 3 records a second a shard × 2 s
        assertThat(s.invocationsPerSecond()).isEqualTo(2.0);
    }

    @Test
    void bigRecordsNeedShardsForTheirBytes() {
        // 900 records/s of 2 KB = 1.76 MiB/s × 1.25 → 3 shards, though 900 records fit one shard's record limit.
        assertThat(StreamShape.at(900, KinesisMode.PROVISIONED, 2_048, 1.25, Duration.ofSeconds(2), 500).shards()).isEqualTo(3);
    }
}
