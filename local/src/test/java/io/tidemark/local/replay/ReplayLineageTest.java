package io.tidemark.local.replay;

import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which lineage a replay uses: the archive's when it names every shard of the log, else the state table's as well. */
class ReplayLineageTest {

    private static final List<HashKeyRange> HALVES = HashKeyRange.all().splitAt(BigInteger.TWO.pow(127));
    private static final ShardLineage ROOT = ShardLineage.root("s0", HashKeyRange.all());
    private static final ShardLineage LEFT = new ShardLineage("s1", List.of("s0"), HALVES.get(0));
    private static final ShardLineage RIGHT = new ShardLineage("s2", List.of("s0"), HALVES.get(1));
    private static final List<String> LOG = List.of("s0", "s1", "s2");

    @Test
    void theArchiveAloneWhenItNamesEveryShardWithoutReadingTheTable() {
        AtomicInteger tableReads = new AtomicInteger();
        ReplayLineage chosen = ReplayLineage.choose(List.of(ROOT, LEFT, RIGHT), () -> {
            tableReads.incrementAndGet();
            return Optional.of(List.of(ROOT));
        }, LOG);
        assertThat(chosen.source()).isEqualTo(ReplayLineage.Source.ARCHIVE);
        assertThat(chosen.lineages()).containsExactly(ROOT, LEFT, RIGHT);
        assertThat(tableReads).hasValue(0);
    }

    @Test
    void theStateTableWhenTheArchiveHasNoLineage() {
        ReplayLineage chosen = ReplayLineage.choose(List.of(), () -> Optional.of(List.of(RIGHT, ROOT, LEFT)), LOG);
        assertThat(chosen.source()).isEqualTo(ReplayLineage.Source.STATE_TABLE);
        assertThat(chosen.lineages()).containsExactly(ROOT, LEFT, RIGHT);
        assertThat(chosen.unnamed()).isEmpty();
    }

    @Test
    void bothWhenTheArchiveLacksSomeShardsAndNoneWithoutEither() {
        ReplayLineage both = ReplayLineage.choose(List.of(LEFT, RIGHT), () -> Optional.of(List.of(ROOT)), LOG);
        assertThat(both.source()).isEqualTo(ReplayLineage.Source.ARCHIVE_AND_STATE_TABLE);
        assertThat(both.lineages()).containsExactly(ROOT, LEFT, RIGHT);

        ReplayLineage partial = ReplayLineage.choose(List.of(LEFT), Optional::empty, LOG);
        assertThat(partial.source()).isEqualTo(ReplayLineage.Source.ARCHIVE);
        assertThat(partial.unnamed()).containsExactly("s0", "s2");

        ReplayLineage none = ReplayLineage.choose(List.of(), Optional::empty, LOG);
        assertThat(none.source()).isEqualTo(ReplayLineage.Source.NONE);
        assertThat(none.lineages()).isEmpty();
    }
}
