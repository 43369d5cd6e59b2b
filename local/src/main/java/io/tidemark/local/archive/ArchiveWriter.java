package io.tidemark.local.archive;

import io.tidemark.core.stream.ShardLineage;

import java.util.List;

/**
 * Where {@code tidemark local} writes the archive lines of its in-process stream: a local directory,
 * in the archive's layout. Each call delivers lines of one partition; lines are never changed once
 * written. (The archiver Lambda puts whole objects through {@code io.tidemark.archive.ArchiveStore}.)
 */
public interface ArchiveWriter extends AutoCloseable {

    /**
     * @param eventDate the partition ({@code yyyy-MM-dd} or {@value ArchiveFormat#UNKNOWN_DATE})
     * @param lines     archive lines ({@link ArchiveFormat}), without line breaks
     */
    void write(String eventDate, List<String> lines);

    /**
     * Records the in-process stream's shard lineage beside the events ({@code lineage/<shard>.json}, as the
     * archiver writes it), so that a replay of the archive alone hands state over across its reshards.
     *
     * @param stream   named in each lineage object
     * @param lineages every shard of the stream so far
     */
    void lineage(String stream, List<ShardLineage> lineages);

    /** Where the archive is, for messages: {@code s3://bucket/prefix/} or a directory. */
    String location();

    @Override
    void close();
}
