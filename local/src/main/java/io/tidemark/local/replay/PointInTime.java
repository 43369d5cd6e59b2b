package io.tidemark.local.replay;

import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.history.UserHistory;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.events.Event;
import io.tidemark.events.PartitionKeys;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.RecordDecoder;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveReader;
import io.tidemark.local.archive.ArchivedLog;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tidemark query cart|sessions --user U --as-of T}: one user's events read back from the
 * archive — only the event-date partitions up to {@code T}, only that user's records — decoded and
 * validated by the handler's decoder, and handed in arrival order to the core's {@link UserHistory}.
 */
public final class PointInTime {

    private final S3Client s3;
    private final RecordDecoder decoder = new JsonEventDecoder();

    /** @param s3 for {@code s3://} archives (may be null for local ones) */
    public PointInTime(S3Client s3) {
        this.s3 = s3;
    }

    public UserHistory load(ArchiveLocation archive, String userId, Instant asOf, ArchiveReader.Progress progress) {
        ArchiveReader reader = new ArchiveReader(s3, partition -> ArchiveLayout.mayHoldEventsUpTo(partition, asOf),
                record -> userId.equals(PartitionKeys.of(record.data())), progress);
        ArchivedLog log = reader.read(archive);
        List<Event> events = new ArrayList<>();
        for (SourceRecord r : log.inArrivalOrder()) {
            if (decoder.decode(r.data()) instanceof RecordDecoder.Valid valid) {
                events.add(valid.event());
            }
        }
        return new UserHistory(userId, events, ViewSettings.spec());
    }
}
