package io.tidemark.local.failures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.state.RedrivenBatches;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One message of the on-failure destination: Lambda's record of a batch it gave up on — where the batch
 * was (the shard and the sequence range, the source stream), not its records, which stay in the stream
 * until it expires them. From the Kinesis mapping ({@code KinesisBatchInfo}) or the alerts table's stream
 * mapping ({@code DDBStreamBatchInfo}).
 *
 * @param messageId      the queue's message id
 * @param receiptHandle  to delete or release the message (null when only listed)
 * @param source         which mapping failed
 * @param condition      {@code RetryAttemptsExhausted} or {@code RecordAgeExceeded}
 * @param shardId        the shard of the batch
 * @param startSequence  the first record's sequence number
 * @param endSequence    the last record's sequence number
 * @param batchSize      how many records the batch held
 * @param streamArn      the source stream (a Kinesis stream, or the alerts table's stream)
 * @param failedAt       when Lambda gave up
 * @param firstArrival   the first record's arrival in the stream, or null
 * @param invokeCount    how many times Lambda invoked the function with it
 * @param body           the message as received
 */
public record FailedBatch(String messageId, String receiptHandle, Source source, String condition, String shardId, String startSequence,
                          String endSequence, int batchSize, String streamArn, Instant failedAt, Instant firstArrival, int invokeCount,
                          String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The mapping a batch came from. */
    public enum Source {
        KINESIS("kinesis"), ALERTS_STREAM("alerts-stream");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Reads an on-failure message; a message of any other shape is an error naming what is missing. */
    public static FailedBatch parse(String messageId, String receiptHandle, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("message " + messageId + " is not JSON: not an on-failure record of a Lambda event source mapping");
        }
        Source source;
        JsonNode info;
        if (root.hasNonNull("KinesisBatchInfo")) {
            source = Source.KINESIS;
            info = root.get("KinesisBatchInfo");
        } else if (root.hasNonNull("DDBStreamBatchInfo")) {
            source = Source.ALERTS_STREAM;
            info = root.get("DDBStreamBatchInfo");
        } else {
            throw new IllegalArgumentException("message " + messageId + " has neither KinesisBatchInfo nor DDBStreamBatchInfo: "
                    + "not an on-failure record of a Lambda stream event source mapping");
        }
        JsonNode request = root.path("requestContext");
        return new FailedBatch(messageId, receiptHandle, source, request.path("condition").asText("unknown"),
                text(info, "shardId", messageId), text(info, "startSequenceNumber", messageId), text(info, "endSequenceNumber", messageId),
                info.path("batchSize").asInt(0), text(info, "streamArn", messageId), instant(root.path("timestamp")),
                instant(info.path("approximateArrivalOfFirstRecord")), request.path("approximateInvokeCount").asInt(0), body);
    }

    /** The batch's name in the state (a redrive step remembers it): {@code <shard>:<start>-<end>}. */
    public String name() {
        return RedrivenBatches.name(shardId, startSequence, endSequence);
    }

    /** The stream's name, from its ARN ({@code …:stream/NAME}, or the table of a DynamoDB stream). */
    public String streamName() {
        int at = streamArn.indexOf(":stream/");
        return at < 0 ? streamArn : streamArn.substring(at + ":stream/".length());
    }

    private static String text(JsonNode info, String field, String messageId) {
        JsonNode v = info.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("message " + messageId + ": the batch info has no " + field);
        }
        return v.asText();
    }

    private static Instant instant(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
