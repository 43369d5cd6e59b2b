package io.tidemark.core.state;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.time.Timestamps;

import java.util.Objects;

/**
 * A valid record whose event time was before the lateness horizon when it arrived: it changes no
 * view and is kept in the late store with its reason.
 *
 * @param record  the record
 * @param horizon the horizon {@code H} it was judged against
 */
public record LateRecord(StreamRecord record, long horizon) {

    public LateRecord {
        Objects.requireNonNull(record, "record");
        if (!record.isValid()) {
            throw new IllegalArgumentException("a late record is a valid record; rejected ones are quarantined");
        }
    }

    public String reason() {
        return "late: event time " + record.event().timestamp() + " is before the lateness horizon " + Timestamps.format(horizon)
                + " (watermark minus allowed lateness); its windows were already final";
    }
}
