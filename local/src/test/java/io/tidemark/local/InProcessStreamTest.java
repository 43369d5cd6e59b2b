package io.tidemark.local;

import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessStreamTest {

    @Test
    void splittingEveryShardGivesEachTwoChildrenThatCoverItsRangeAndTakeItsKeys() {
        InProcessStream stream = new InProcessStream(2, 0);
        String before = stream.shardOf("u42");
        stream.reshard(4);

        List<ShardLineage> all = stream.lineages();
        assertThat(all).hasSize(6);
        List<ShardLineage> children = all.subList(2, 6);
        for (ShardLineage parent : all.subList(0, 2)) {
            List<ShardLineage> halves = children.stream().filter(c -> c.parents().equals(List.of(parent.shardId()))).toList();
            assertThat(halves).hasSize(2);
            assertThat(halves.get(0).range().mergedWith(halves.get(1).range())).isEqualTo(parent.range());
        }
        String after = stream.shardOf("u42");
        assertThat(all.stream().filter(s -> s.shardId().equals(after)).findFirst().orElseThrow().parents()).containsExactly(before);
        assertThat(stream.openShards()).isEqualTo(4);
    }

    @Test
    void mergingPairsGivesOneChildOfTwoNeighbours() {
        InProcessStream stream = new InProcessStream(4, 0);
        stream.reshard(2);
        List<ShardLineage> all = stream.lineages();
        assertThat(all.get(4).parents()).containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(all.get(5).parents()).containsExactly("shardId-000000000002", "shardId-000000000003");
        assertThat(all.get(4).range().mergedWith(all.get(5).range())).isEqualTo(HashKeyRange.all());
        assertThat(stream.shardOf("u1")).isIn("shardId-000000000004", "shardId-000000000005");
    }

    @Test
    void sequenceNumbersGrowAlongAShard() {
        InProcessStream stream = new InProcessStream(1, 1_700_000_000_000L);
        BigInteger first = new BigInteger(stream.nextSequenceNumber("shardId-000000000000"));
        BigInteger second = new BigInteger(stream.nextSequenceNumber("shardId-000000000000"));
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aReshardToAnyOtherCountIsRefusedWithTheCountsThatWork() {
        InProcessStream stream = new InProcessStream(3, 0);
        assertThatThrownBy(() -> stream.reshard(2)).hasMessageContaining("from 3 open shards a reshard goes to 6 (every shard split), not 2");
        assertThat(stream.openShards()).isEqualTo(3);
    }
}
