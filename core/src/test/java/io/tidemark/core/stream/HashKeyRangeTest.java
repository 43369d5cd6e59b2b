package io.tidemark.core.stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashKeyRangeTest {

    @Test
    void aPartitionKeyHashesAsKinesisHashesIt() {
        // The MD5 of no bytes, read as an unsigned number.
        assertThat(HashKeyRange.hashKeyOf("")).isEqualTo(new BigInteger("d41d8cd98f00b204e9800998ecf8427e", 16));
        assertThat(HashKeyRange.hashKeyOf("u1").signum()).isPositive();
        assertThat(HashKeyRange.all().holds("u1")).isTrue();
    }

    @Test
    void evenRangesStartWhereCreateStreamStartsThem() {
        List<HashKeyRange> three = HashKeyRange.even(3);

        // As ListShards reports a 3-shard stream's starting hash keys.
        assertThat(three).extracting(r -> r.start().toString())
                .containsExactly("0", "113427455640312821154458202477256070485", "226854911280625642308916404954512140970");
        assertThat(three.get(2).end()).isEqualTo(HashKeyRange.MAX_HASH_KEY);
        assertThat(three.get(0).end().add(BigInteger.ONE)).isEqualTo(three.get(1).start());
    }

    @Property
    void theIndexOfAKeyAmongEvenRangesIsTheRangeThatHoldsIt(@ForAll String key, @ForAll @IntRange(min = 1, max = 17) int shards) {
        int index = HashKeyRange.evenIndexOf(key, shards);

        assertThat(HashKeyRange.even(shards).get(index).holds(key)).isTrue();
    }

    @Test
    void aSplitAndItsMergeGiveBackTheRange() {
        HashKeyRange range = HashKeyRange.even(2).get(1);
        BigInteger at = range.start().add(BigInteger.valueOf(12345));

        List<HashKeyRange> halves = range.splitAt(at);

        assertThat(halves.get(0).end()).isEqualTo(at.subtract(BigInteger.ONE));
        assertThat(halves.get(1).start()).isEqualTo(at);
        assertThat(halves.get(0).mergedWith(halves.get(1))).isEqualTo(range);
        assertThatThrownBy(() -> range.splitAt(range.start())).hasMessageContaining("new starting hash key");
        assertThatThrownBy(() -> halves.get(1).mergedWith(halves.get(0))).hasMessageContaining("only adjacent ranges merge");
    }
}
