package io.tidemark.local.replay;

import io.tidemark.core.stream.ShardLineage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a replay learns the stream's shard lineage: the archive's own lineage objects when they name
 * every shard of the log (the archive then replays anywhere, without the live pipeline), otherwise the
 * live pipeline's state table, which kept what {@code ListShards} said — with the archive's objects
 * first when both have some. The source is reported, so a replay says what its hand-overs relied on.
 *
 * @param source    {@link Source#ARCHIVE}, {@link Source#STATE_TABLE}, {@link Source#ARCHIVE_AND_STATE_TABLE} or {@link Source#NONE}
 * @param lineages  the lineage to replay with, sorted by shard id
 * @param unnamed   shards of the log that no lineage names (they replay as shards the stream was created with)
 */
public record ReplayLineage(Source source, List<ShardLineage> lineages, List<String> unnamed) {

    public enum Source {
        ARCHIVE("archive"), STATE_TABLE("state_table"), ARCHIVE_AND_STATE_TABLE("archive_and_state_table"), NONE("none");

        private final String json;

        Source(String json) {
            this.json = json;
        }

        /** As {@code --json} prints it. */
        public String json() {
            return json;
        }
    }

    public ReplayLineage {
        lineages = List.copyOf(lineages);
        unnamed = List.copyOf(unnamed);
    }

    /**
     * @param archived   the archive's lineage objects (none for an older archive or a stream source)
     * @param stateTable the state table's kept lineage, read only if the archive's does not name every shard; empty if there is no table
     * @param logShards  the shards of the log to replay
     */
    public static ReplayLineage choose(List<ShardLineage> archived, Supplier<Optional<List<ShardLineage>>> stateTable,
                                       Collection<String> logShards) {
        if (!archived.isEmpty() && unnamed(archived, logShards).isEmpty()) {
            return new ReplayLineage(Source.ARCHIVE, archived, List.of());
        }
        Optional<List<ShardLineage>> kept = stateTable.get();
        if (kept.isEmpty() || kept.get().isEmpty()) {
            Source source = archived.isEmpty() ? Source.NONE : Source.ARCHIVE;
            return new ReplayLineage(source, archived, archived.isEmpty() ? List.of() : unnamed(archived, logShards));
        }
        Map<String, ShardLineage> union = new LinkedHashMap<>();
        kept.get().forEach(l -> union.put(l.shardId(), l));
        archived.forEach(l -> union.put(l.shardId(), l));
        List<ShardLineage> all = new ArrayList<>(union.values());
        all.sort(java.util.Comparator.comparing(ShardLineage::shardId));
        return new ReplayLineage(archived.isEmpty() ? Source.STATE_TABLE : Source.ARCHIVE_AND_STATE_TABLE, all, unnamed(all, logShards));
    }

    private static List<String> unnamed(List<ShardLineage> lineages, Collection<String> logShards) {
        return logShards.stream().filter(s -> lineages.stream().noneMatch(l -> l.shardId().equals(s))).sorted().toList();
    }
}
