package io.tidemark.core.settings;

import io.tidemark.core.view.ViewSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the event-time core ({@code io.tidemark.core}) needs to know: the event-time rules,
 * the windows of the views, and how long a partition key's last sequence number is remembered.
 *
 * @param eventTime          watermark delay, idle timeout, allowed lateness
 * @param views              the windows of the four views (docs/spec.md §2 fixes them)
 * @param sequenceRetention  processing time for which a partition key's last applied sequence
 *                           number is kept after its last record: a retried or replayed record is
 *                           recognised for this long (default 24 h, the stream's default retention)
 */
public record CoreSettings(EventTimeSettings eventTime, ViewSettings views, Duration sequenceRetention) {

    public CoreSettings {
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(sequenceRetention, "sequenceRetention");
        if (sequenceRetention.isNegative()) {
            throw new IllegalArgumentException("sequenceRetention must be >= 0, got " + sequenceRetention);
        }
    }

    public static CoreSettings defaults() {
        return of(EventTimeSettings.defaults());
    }

    public static CoreSettings of(EventTimeSettings eventTime) {
        return new CoreSettings(eventTime, ViewSettings.spec(), Duration.ofHours(24));
    }
}
