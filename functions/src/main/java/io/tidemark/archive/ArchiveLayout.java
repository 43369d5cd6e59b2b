package io.tidemark.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where archived records live, in S3 and in a local directory alike:
 * {@code <root>/events/event_date=<yyyy-MM-dd>/<object>.jsonl[.gz]} — partitioned by the event
 * date of the record's {@code timestamp} ({@value ArchiveFormat#UNKNOWN_DATE} when it has none), so
 * that a point-in-time query reads only the days up to its instant. Firehose writes exactly this
 * layout through dynamic partitioning on the key the transformation Lambda returns.
 */
public final class ArchiveLayout {

    /** The folder of the archived events under the bucket or directory. */
    public static final String EVENTS_PREFIX = "events/";
    /** Firehose's dynamic partitioning key, returned by {@code ArchiveTransformHandler}. */
    public static final String PARTITION_KEY = "event_date";
    /** Firehose's S3 prefix expression for that layout. */
    public static final String FIREHOSE_PREFIX = EVENTS_PREFIX + PARTITION_KEY + "=!{partitionKeyFromLambda:" + PARTITION_KEY + "}/";
    /** Where Firehose puts records it could not transform or partition (never read back by a replay). */
    public static final String FIREHOSE_ERROR_PREFIX = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/";
    /** Firehose's file extension for the objects it writes (GZIP-compressed JSON Lines). */
    public static final String OBJECT_EXTENSION = ".jsonl.gz";

    private static final Pattern PARTITION = Pattern.compile("(?:^|/)" + PARTITION_KEY + "=([^/]+)/");
    private static final DateTimeFormatter FIREHOSE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

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

    /** A Firehose-style object name: {@code <stream>-1-<yyyy-MM-dd-HH-mm-ss>-<uuid>.jsonl.gz}. */
    public static String objectName(String deliveryStream, Instant deliveredAt) {
        return deliveryStream + "-1-" + FIREHOSE_TIME.format(deliveredAt) + "-" + UUID.randomUUID() + OBJECT_EXTENSION;
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
