package io.tidemark.cli.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One record to put: its partition key, its bytes, the input line it came from (for reports) and
 * its event time, which decides how far the producer may let it run ahead of earlier records.
 *
 * @param eventTime the event's {@code timestamp}, or {@code null} for a line that has none (an
 *                  invalid line sent anyway): such a record never holds another back
 */
public record OutgoingRecord(String partitionKey, byte[] data, long line, Instant eventTime) {

    public OutgoingRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
    }

    /** A valid event: ordered by its event time. */
    public static OutgoingRecord event(String partitionKey, byte[] data, long line, Instant eventTime) {
        return new OutgoingRecord(partitionKey, data, line, Objects.requireNonNull(eventTime, "eventTime"));
    }

    /** A line without a usable event time (sent with {@code --no-validate}): ordered only behind its partition key. */
    public static OutgoingRecord withoutEventTime(String partitionKey, byte[] data, long line) {
        return new OutgoingRecord(partitionKey, data, line, null);
    }

    /** What PutRecords counts against its 5 MiB request limit. */
    public int requestBytes() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
