package io.tidemark.cli.kinesis;

import java.nio.charset.StandardCharsets;

/**
 * One record to put: its partition key, its bytes and the input line it came from (for reports).
 */
public record OutgoingRecord(String partitionKey, byte[] data, long line) {

    /** What PutRecords counts against its 5 MiB request limit. */
    public int requestBytes() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
}
