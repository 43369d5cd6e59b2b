package io.tidemark.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where archived records live, in S3 and in a local directory alike:
 * {@code <root>/events/event_date=<yyyy-MM-dd>/<object>.jsonl[.gz]} — partitioned by the event
 * date of the record's {@code timestamp} ({@value ArchiveFormat#UNKNOWN_DATE} when it has none), so
 * that a point-in-time query reads only the days up to its instant. The archiver Lambda writes one
 * object per batch and partition ({@link #batchObjectKey}); objects an earlier Firehose delivery
 * stream wrote ({@code <stream>-1-<time>-<uuid>.jsonl.gz}) are in the same partitions and read alike.
 */
public final class ArchiveLayout {

    /** The folder of the archived events under the bucket or directory. */
    public static final String EVENTS_PREFIX = "events/";
    /** The folder of the shard lineage objects, one per shard the archiver met. */
    public static final String LINEAGE_PREFIX = "lineage/";
    /** The partition's name in the path: {@code event_date=2026-11-23}. */
    public static final String PARTITION_KEY = "event_date";
    /** The archiver's objects: GZIP-compressed JSON Lines. */
    public static final String OBJECT_EXTENSION = ".jsonl.gz";

    private static final Pattern PARTITION = Pattern.compile("(?:^|/)" + PARTITION_KEY + "=([^/]+)/");

    private ArchiveLayout() {
    }

    /** The folder of one partition, relative to the root: {@code events/event_date=2026-11-23/}. */
    public static String partitionPrefix(String eventDate) {
        return EVENTS_PREFIX + PARTITION_KEY + "=" + eventDate + "/";
    }

    /** The partition (event date) an object or file path is in, if it follows the layout. */
    public static Optional<String> partitionOf(String path) {
        Matcher m = PARTITION.matcher(path.replace('\\', '/'));
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }

    /**
     * The object of one archived batch in one partition:
     * {@code events/event_date=<date>/<shard>-<first sequence number>-<last sequence number>.jsonl.gz}. The
     * name says which records it holds, and a retried batch gets the same name.
     */
    public static String batchObjectKey(String eventDate, String shardId, String firstSequence, String lastSequence) {
        return partitionPrefix(eventDate) + shardId + "-" + firstSequence + "-" + lastSequence + OBJECT_EXTENSION;
    }

    /** A shard's lineage object: {@code lineage/<shard id>.json}. */
    public static String lineageObjectKey(String shardId) {
        return LINEAGE_PREFIX + shardId + ".json";
    }

    /** Whether a file or object name holds archive lines (plain or gzipped JSON Lines). */
    public static boolean isArchiveObject(String name) {
        return name.endsWith(".jsonl") || name.endsWith(".gz");
    }

    /**
     * Whether a partition can hold events with event time at or before {@code asOf}: every dated
     * partition up to that date. The unknown partition holds only records without a valid event
     * time, which no point-in-time state includes.
     */
    public static boolean mayHoldEventsUpTo(String eventDate, Instant asOf) {
        if (ArchiveFormat.UNKNOWN_DATE.equals(eventDate)) {
            return false;
        }
        return eventDate.compareTo(asOf.atZone(ZoneOffset.UTC).toLocalDate().toString()) <= 0;
    }
}
