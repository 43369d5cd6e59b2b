package io.tidemark.core.settings;

import io.tidemark.core.view.ViewSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the event-time core ({@code io.tidemark.core}) needs to know: the event-time rules,
 * the windows of the views, how long a partition key's last sequence number is remembered, and how
 * long a user's counted orders stay in memory.
 *
 * @param eventTime          watermark delay, idle timeout, allowed lateness
 * @param views              the windows of the four views (docs/spec.md §2 fixes them)
 * @param sequenceRetention  processing time for which a partition key's last applied sequence
 *                           number is kept after its last record: a retried or replayed record is
 *                           recognised for this long (default 24 h, the stream's default retention)
 * @param orderMemory        event time for which a user's counted orders stay in the user's state after
 *                           the latest of them: a repeat within it is decided in memory; after it the
 *                           orders go to the order archive (one write per user) and a repeat asks the
 *                           archive (one read). Longer keeps more state; shorter writes and reads more.
 *                           Not part of a snapshot's settings: any value decides the same.
 */
public record CoreSettings(EventTimeSettings eventTime, ViewSettings views, Duration sequenceRetention, Duration orderMemory) {

    /** The default order memory: a day, so that a customer who buys again within a day costs nothing (docs/state.md). */
    public static final Duration DEFAULT_ORDER_MEMORY = Duration.ofHours(24);

    public CoreSettings {
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(sequenceRetention, "sequenceRetention");
        if (sequenceRetention.isNegative()) {
            throw new IllegalArgumentException("sequenceRetention must be >= 0, got " + sequenceRetention);
        }
        Objects.requireNonNull(orderMemory, "orderMemory");
        if (orderMemory.isNegative()) {
            throw new IllegalArgumentException("orderMemory must be >= 0, got " + orderMemory);
        }
    }

    /** The same settings with another order memory. */
    public CoreSettings withOrderMemory(Duration memory) {
        return new CoreSettings(eventTime, views, sequenceRetention, memory);
    }

    public static CoreSettings defaults() {
        return of(EventTimeSettings.defaults());
    }

    public static CoreSettings of(EventTimeSettings eventTime) {
        return new CoreSettings(eventTime, ViewSettings.spec(), Duration.ofHours(24), DEFAULT_ORDER_MEMORY);
    }
}
