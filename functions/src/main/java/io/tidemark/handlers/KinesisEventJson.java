package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The Kinesis event source mapping's JSON, read and written with Jackson's streaming parser: the event
 * ({@code Records[].kinesis}: data in base64, {@code approximateArrivalTimestamp} in epoch seconds with a
 * fraction) into a {@link KinesisEvent}, and a {@link StreamsEventResponse} out as
 * {@code {"batchItemFailures":[{"itemIdentifier":…}]}}. What the Lambda runtime client does for a
 * {@code RequestHandler<KinesisEvent, …>} with its own serialization library, whose reflective set-up
 * (about 700 classes, a third of the cold start's class loading) is then left out. Unknown fields are
 * skipped, as the runtime client skips them.
 */
final class KinesisEventJson {

    /** The runtime client owns the streams: they stay open. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private KinesisEventJson() {
    }

    /** The event, or null for an empty body or {@code null} (the handler then reports no failures). */
    static KinesisEvent read(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw notAnObject(p, first, "the event");
            }
            KinesisEvent event = new KinesisEvent();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("Records") && value == JsonToken.START_ARRAY) {
                    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t != JsonToken.START_OBJECT) {
                            throw notAnObject(p, t, "Records[" + records.size() + "]");
                        }
                        records.add(record(p));
                    }
                    event.setRecords(records);
                } else {
                    p.skipChildren();
                }
            }
            return event;
        }
    }

    private static KinesisEvent.KinesisEventRecord record(JsonParser p) throws IOException {
        KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "kinesis" -> {
                    if (value == JsonToken.START_OBJECT) {
                        r.setKinesis(kinesis(p));
                    }
                }
                case "eventSource" -> r.setEventSource(p.getValueAsString());
                case "eventID" -> r.setEventID(p.getValueAsString());
                case "invokeIdentityArn" -> r.setInvokeIdentityArn(p.getValueAsString());
                case "eventName" -> r.setEventName(p.getValueAsString());
                case "eventVersion" -> r.setEventVersion(p.getValueAsString());
                case "eventSourceARN" -> r.setEventSourceARN(p.getValueAsString());
                case "awsRegion" -> r.setAwsRegion(p.getValueAsString());
                default -> p.skipChildren();
            }
        }
        return r;
    }

    private static KinesisEvent.Record kinesis(JsonParser p) throws IOException {
        KinesisEvent.Record k = new KinesisEvent.Record();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "kinesisSchemaVersion" -> k.setKinesisSchemaVersion(p.getValueAsString());
                case "partitionKey" -> k.setPartitionKey(p.getValueAsString());
                case "sequenceNumber" -> k.setSequenceNumber(p.getValueAsString());
                case "encryptionType" -> k.setEncryptionType(p.getValueAsString());
                case "data" -> k.setData(value == JsonToken.VALUE_NULL ? null : ByteBuffer.wrap(p.getBinaryValue()));
                case "approximateArrivalTimestamp" -> k.setApproximateArrivalTimestamp(arrival(p));
                default -> p.skipChildren();
            }
        }
        return k;
    }

    /**
     * Epoch seconds with a fraction to a date, converted as the runtime client converts them (through a
     * double, 0 meaning none), so that a record's arrival time is the same millisecond either way.
     */
    private static Date arrival(JsonParser p) throws IOException {
        double seconds = p.getValueAsDouble();
        return seconds == 0 ? null : new Date((long) (seconds * 1000.0));
    }

    /** Writes the response as the runtime client serializes a {@link StreamsEventResponse}. */
    static void write(StreamsEventResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("batchItemFailures");
            for (StreamsEventResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                g.writeStartObject();
                g.writeStringField("itemIdentifier", f.getItemIdentifier());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static IOException notAnObject(JsonParser p, JsonToken actual, String what) {
        return new IOException(what + ": expected a JSON object, got " + actual + " at " + p.currentLocation().offsetDescription()
                + " (is this a Kinesis event source mapping's event?)");
    }
}
