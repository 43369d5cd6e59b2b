package io.tidemark.local.archive;

import io.tidemark.core.stream.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivedLogTest {

    private static SourceRecord r(String shard, String seq, long arrivalSecond) {
        return new SourceRecord(shard, seq, "k", (shard + "/" + seq).getBytes(), Instant.ofEpochSecond(arrivalSecond));
    }

    @Test
    void eachShardIsInSequenceOrderNumericallyAndARedeliveredRecordCountsOnce() {
        ArchivedLog log = ArchivedLog.of(List.of(r("s1", "10", 5), r("s1", "9", 4), r("s1", "100", 6), r("s1", "10", 5), r("s0", "2", 1)));
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.redeliveries()).isEqualTo(1);
        assertThat(log.shards()).containsExactly("s0", "s1");
        assertThat(log.shard("s1")).extracting(SourceRecord::sequenceNumber).containsExactly("9", "10", "100");
    }

    @Test
    void inArrivalOrderTheShardsAreMergedByArrivalAndEachKeepsItsOwnOrder() {
        ArchivedLog log = ArchivedLog.of(List.of(r("a", "1", 1), r("a", "2", 3), r("a", "3", 3), r("b", "1", 2), r("b", "2", 3), r("b", "3", 9)));
        assertThat(log.inArrivalOrder()).extracting(x -> x.shardId() + x.sequenceNumber())
                .containsExactly("a1", "b1", "a2", "a3", "b2", "b3");
        // A shard whose clock-skewed arrival goes back still keeps its sequence order.
        ArchivedLog skewed = ArchivedLog.of(List.of(r("a", "1", 5), r("a", "2", 1)));
        assertThat(skewed.inArrivalOrder()).extracting(SourceRecord::sequenceNumber).containsExactly("1", "2");
    }
}
