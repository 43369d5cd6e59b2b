package io.tidemark.core.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * One record read from a shard (of Kinesis, or of the in-process feed of {@code tidemark local}).
 *
 * @param shardId        e.g. {@code shardId-000000000001}
 * @param sequenceNumber Kinesis sequence number (a decimal string; increases along the shard)
 * @param partitionKey   the producer's partition key ({@code user_id})
 * @param data           the record's bytes
 * @param arrival        Kinesis' approximate arrival timestamp
 */
public record SourceRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {

    public SourceRecord {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(arrival, "arrival");
    }
}
