package io.tidemark.testkit.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of the functions' three triggers, as JSON in exactly the shape each AWS service sends:
 * Kinesis (the event source mappings of the Kinesis handler and of the archiver), a DynamoDB stream
 * (its mapping), and EventBridge's scheduled rule.
 * <p>
 * Written apart from the local runner's {@code LambdaEvents} on purpose: the runtime tests check the
 * handlers against AWS's documented shape, not against the runner's own idea of it.
 */
public final class TriggerEvents {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TriggerEvents() {
    }

    /** One record as Kinesis stored it. */
    public record KinesisRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {
    }

    /**
     * A batch as the Kinesis event source mapping delivers it: {@code Records[].kinesis} with the
     * data in base64 and {@code approximateArrivalTimestamp} in epoch seconds with a fraction,
     * {@code eventID} {@code shardId-…:SEQ}, {@code eventSourceARN} the stream's.
     */
    public static String kinesis(String streamName, List<KinesisRecord> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (KinesisRecord r : records) {
            ObjectNode record = list.addObject();
            ObjectNode k = record.putObject("kinesis");
            k.put("kinesisSchemaVersion", "1.0");
            k.put("partitionKey", r.partitionKey());
            k.put("sequenceNumber", r.sequenceNumber());
            k.put("data", Base64.getEncoder().encodeToString(r.data()));
            k.put("approximateArrivalTimestamp", epochSeconds(r.arrival()));
            record.put("eventSource", "aws:kinesis");
            record.put("eventVersion", "1.0");
            record.put("eventID", r.shardId() + ":" + r.sequenceNumber());
            record.put("eventName", "aws:kinesis:record");
            record.put("invokeIdentityArn", "arn:aws:iam::" + ACCOUNT + ":role/tidemark-kinesis-handler");
            record.put("awsRegion", REGION);
            record.put("eventSourceARN", "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + streamName);
        }
        return write(event);
    }

    /** A DynamoDB stream record as the mapping delivers it, in DynamoDB's JSON ({@code {"S": …}}, {@code {"B": base64}}). */
    public record StreamRecord(String eventName, String sequenceNumber, Instant created, Map<String, Object> keys, Map<String, Object> newImage,
                               long sizeBytes) {
    }

    /** A batch of a table's stream (view type {@code NEW_IMAGE}) as its event source mapping delivers it. */
    public static String dynamoDbStream(String tableName, String streamLabel, List<StreamRecord> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        for (StreamRecord r : records) {
            ObjectNode record = list.addObject();
            record.put("eventID", UUID.nameUUIDFromBytes(r.sequenceNumber().getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""));
            record.put("eventName", r.eventName());
            record.put("eventVersion", "1.1");
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", REGION);
            ObjectNode d = record.putObject("dynamodb");
            d.put("ApproximateCreationDateTime", r.created().getEpochSecond());
            d.set("Keys", JSON.valueToTree(r.keys()));
            if (r.newImage() != null) {
                d.set("NewImage", JSON.valueToTree(r.newImage()));
            }
            d.put("SequenceNumber", r.sequenceNumber());
            d.put("SizeBytes", r.sizeBytes());
            d.put("StreamViewType", "NEW_IMAGE");
            record.put("eventSourceARN", "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + tableName + "/stream/" + streamLabel);
        }
        return write(event);
    }

    /** What an EventBridge schedule rule ({@code rate(1 minute)}) sends: a "Scheduled Event" with the rule in {@code resources}. */
    public static String scheduled(String ruleName, Instant time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes((ruleName + time).getBytes(StandardCharsets.UTF_8)).toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", ACCOUNT);
        event.put("time", time.toString().replaceAll("\\.\\d+Z$", "Z"));
        event.put("region", REGION);
        event.putArray("resources").add("arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + ruleName);
        event.putObject("detail");
        return write(event);
    }

    /** Epoch seconds with the milliseconds as a fraction, as Kinesis events carry arrival times. */
    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private static String write(ObjectNode event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
