package io.tidemark.local.archive;

import java.util.List;

/**
 * Where archive lines are delivered: an S3 prefix (as Firehose delivers them) or a local
 * directory. Each call delivers lines of one partition; lines are never changed once written.
 */
public interface ArchiveWriter extends AutoCloseable {

    /**
     * @param eventDate the partition ({@code yyyy-MM-dd} or {@value ArchiveFormat#UNKNOWN_DATE})
     * @param lines     archive lines ({@link ArchiveFormat}), without line breaks
     */
    void write(String eventDate, List<String> lines);

    /** Where the archive is, for messages: {@code s3://bucket/prefix/} or a directory. */
    String location();

    @Override
    void close();
}
