package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveLayout;
import io.tidemark.archive.LineageFormat;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archiver's lineage objects read back: roots, split halves and merged shards alike, and clear errors for broken ones. */
class ArchivedLineagesTest {

    private static final List<HashKeyRange> HALVES = HashKeyRange.all().splitAt(BigInteger.TWO.pow(127));
    private static final ShardLineage ROOT = ShardLineage.root("shardId-000000000000", HashKeyRange.all());
    private static final ShardLineage LEFT = new ShardLineage("shardId-000000000001", List.of(ROOT.shardId()), HALVES.get(0));
    private static final ShardLineage RIGHT = new ShardLineage("shardId-000000000002", List.of(ROOT.shardId()), HALVES.get(1));
    private static final ShardLineage MERGED = new ShardLineage("shardId-000000000003", List.of(LEFT.shardId(), RIGHT.shardId()),
            HashKeyRange.all());

    @TempDir
    Path dir;

    @Test
    void whatTheArchiverWritesReadsBackAsTheSameLineage() throws Exception {
        for (ShardLineage l : List.of(MERGED, ROOT, RIGHT, LEFT)) {
            Path file = dir.resolve(ArchiveLayout.lineageObjectKey(l.shardId()));
            Files.createDirectories(file.getParent());
            Files.write(file, LineageFormat.encode("events", l));
        }
        assertThat(new ArchivedLineages(null).read(new ArchiveLocation.LocalPath(dir))).containsExactly(ROOT, LEFT, RIGHT, MERGED);
        assertThat(new String(LineageFormat.encode("events", MERGED), StandardCharsets.UTF_8)).isEqualTo(
                "{\"shard_id\":\"shardId-000000000003\",\"parent_shard_id\":\"shardId-000000000001\","
                        + "\"adjacent_parent_shard_id\":\"shardId-000000000002\",\"starting_hash_key\":\"0\","
                        + "\"ending_hash_key\":\"" + HashKeyRange.MAX_HASH_KEY + "\",\"stream\":\"events\"}");
    }

    @Test
    void anArchiveWithoutLineageObjectsHasNone() {
        assertThat(new ArchivedLineages(null).read(new ArchiveLocation.LocalPath(dir))).isEmpty();
    }

    @Test
    void aBrokenObjectIsNamedWithItsField() {
        assertThatThrownBy(() -> ArchivedLineages.decode("{\"shard_id\":\"s1\",\"ending_hash_key\":\"5\"}".getBytes(StandardCharsets.UTF_8), "f.json"))
                .hasMessageContaining("f.json").hasMessageContaining("missing starting_hash_key");
        assertThatThrownBy(() -> ArchivedLineages.decode("{\"shard_id\":\"s1\",\"starting_hash_key\":\"x\",\"ending_hash_key\":\"5\"}"
                .getBytes(StandardCharsets.UTF_8), "f.json")).hasMessageContaining("starting_hash_key, ending_hash_key: decimal hash keys");
        assertThatThrownBy(() -> ArchivedLineages.decode("[1]".getBytes(StandardCharsets.UTF_8), "f.json"))
                .hasMessageContaining("must be a JSON object");
    }
}
