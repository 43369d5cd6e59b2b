package io.tidemark.dynamodb;

import io.tidemark.config.PipelineConfig;
import io.tidemark.core.ShardProcessor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a step writes a snapshot: none yet, the log since the last one above k times its size, or the snapshot getting old. */
class SnapshotPolicyTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    private static LoadedShard shard(long snapshotBytes, long logBytes, long snapshotAt) {
        LoadedShard s = new LoadedShard(new ShardProcessor(PipelineConfig.defaults().coreSettings()).newState("s1"), 3, snapshotBytes,
                snapshotAt);
        s.logBytesSinceSnapshot = logBytes;
        return s;
    }

    @Test
    void theDefaultIsFourTimesTheSnapshot() {
        StateRetention r = StateRetention.defaults();
        assertThat(r.snapshotLogMultiple()).isEqualTo(4);
        assertThat(shard(1000, 1001, 0).snapshotDue(DAY, r)).as("above 1x, not above 4x").isFalse();
        assertThat(shard(1000, 4000, 0).snapshotDue(DAY, r)).isFalse();
        assertThat(shard(1000, 4001, 0).snapshotDue(DAY, r)).isTrue();
        assertThat(shard(-1, 0, 0).snapshotDue(DAY, r)).as("no snapshot yet").isTrue();
        assertThat(shard(1000, 0, 0).snapshotDue(3 * DAY, r)).as("three days old").isTrue();
    }

    @Test
    void aMultipleOfOneIsTheOriginalRule() {
        StateRetention r = StateRetention.defaults().withSnapshotLogMultiple(1);
        assertThat(shard(1000, 1000, 0).snapshotDue(DAY, r)).isFalse();
        assertThat(shard(1000, 1001, 0).snapshotDue(DAY, r)).isTrue();
        assertThatThrownBy(() -> StateRetention.defaults().withSnapshotLogMultiple(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
