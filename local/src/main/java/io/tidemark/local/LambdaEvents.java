package io.tidemark.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds handler inputs exactly as Lambda delivers them: the JSON document Lambda's event source
 * mapping sends, deserialized by the Lambda Java runtime's own serializers
 * ({@code aws-lambda-java-serialization}). So a handler sees the same object locally as in AWS,
 * down to how dates and binary data are decoded.
 */
public final class LambdaEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<KinesisEvent> KINESIS =
            LambdaEventSerializers.serializerFor(KinesisEvent.class, LambdaEvents.class.getClassLoader());
    private static final PojoSerializer<DynamodbEvent> DYNAMODB =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    /** The Kinesis event document for one batch of one shard. */
    public static ObjectNode kinesisEventJson(List<SourceRecord> batch, String streamArn, String region, String functionRoleArn) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (SourceRecord r : batch) {
            ObjectNode record = records.addObject();
            ObjectNode kinesis = record.putObject("kinesis");
            kinesis.put("kinesisSchemaVersion", "1.0");
            kinesis.put("partitionKey", r.partitionKey());
            kinesis.put("sequenceNumber", r.sequenceNumber());
            kinesis.put("data", Base64.getEncoder().encodeToString(r.data()));
            // Seconds with a fraction, as Lambda sends it.
            kinesis.put("approximateArrivalTimestamp", BigDecimal.valueOf(r.arrival().toEpochMilli(), 3));
            record.put("eventSource", "aws:kinesis");
            record.put("eventVersion", "1.0");
            record.put("eventID", r.shardId() + ":" + r.sequenceNumber());
            record.put("eventName", "aws:kinesis:record");
            record.put("invokeIdentityArn", functionRoleArn);
            record.put("awsRegion", region);
            record.put("eventSourceARN", streamArn);
        }
        return root;
    }

    /** The batch as the Lambda Java runtime hands it to a {@code RequestHandler<KinesisEvent, …>}. */
    public static KinesisEvent kinesisEvent(List<SourceRecord> batch, String streamArn, String region, String functionRoleArn) {
        return KINESIS.fromJson(new ByteArrayInputStream(bytes(kinesisEventJson(batch, streamArn, region, functionRoleArn))));
    }

    /** A handler's response as the Lambda Java runtime serializes it for the caller. */
    public static <T> byte[] responseJson(T response, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory.getInstance().getSerializer(type).toJson(response, out);
        return out.toByteArray();
    }

    /** A DynamoDB Streams record as Lambda's event document has it (AttributeValues in their JSON form). */
    public static ObjectNode dynamodbRecordJson(software.amazon.awssdk.services.dynamodb.model.Record record, String streamArn, String region) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", region);
        node.put("eventSourceARN", streamArn);
        var change = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", attributes(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", attributes(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", attributes(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        if (change.streamViewType() != null) {
            dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        }
        return node;
    }

    /** A batch of DynamoDB Streams records as the Lambda Java runtime hands it to a handler. */
    public static DynamodbEvent dynamodbEvent(List<software.amazon.awssdk.services.dynamodb.model.Record> batch, String streamArn, String region) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        batch.forEach(r -> records.add(dynamodbRecordJson(r, streamArn, region)));
        return DYNAMODB.fromJson(new ByteArrayInputStream(bytes(root)));
    }

    private static ObjectNode attributes(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        if (item != null) {
            item.forEach((name, value) -> node.set(name, attribute(value)));
        }
        return node;
    }

    private static ObjectNode attribute(AttributeValue v) {
        ObjectNode n = JSON.createObjectNode();
        switch (v.type()) {
            case S -> n.put("S", v.s());
            case N -> n.put("N", v.n());
            case B -> n.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> n.put("BOOL", v.bool());
            case NUL -> n.put("NULL", true);
            case SS -> v.ss().forEach(n.putArray("SS")::add);
            case NS -> v.ns().forEach(n.putArray("NS")::add);
            case BS -> v.bs().forEach(b -> n.withArray("BS").add(Base64.getEncoder().encodeToString(b.asByteArray())));
            case L -> v.l().forEach(e -> n.withArray("L").add(attribute(e)));
            case M -> n.set("M", attributes(v.m()));
            default -> throw new IllegalArgumentException("unsupported attribute type " + v.type());
        }
        return n;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.writeValue(out, node);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
