package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import io.tidemark.archive.ArchiveFormat;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.stream.SourceRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Firehose's data transformation for the event archive. Firehose reads the Kinesis stream and
 * hands each record with its Kinesis metadata (shard, sequence number, partition key, arrival) to
 * this function, which wraps it into one archive line ({@link ArchiveFormat}) and names its
 * partition, the event date of its {@code timestamp}, for dynamic partitioning. Nothing is dropped
 * or rejected: invalid records are archived too (under {@value ArchiveFormat#UNKNOWN_DATE} if they
 * have no readable timestamp), because the log is every record the stream accepted.
 */
public final class ArchiveTransformHandler implements RequestHandler<KinesisFirehoseEvent, ArchiveTransformHandler.Response> {

    static final String OK = "Ok";

    @Override
    public Response handleRequest(KinesisFirehoseEvent event, Context context) {
        List<Response.Record> out = new ArrayList<>();
        if (event != null && event.getRecords() != null) {
            for (KinesisFirehoseEvent.Record r : event.getRecords()) {
                out.add(transform(r));
            }
        }
        return new Response(out);
    }

    private static Response.Record transform(KinesisFirehoseEvent.Record r) {
        byte[] data = bytes(r.getData());
        Map<String, String> meta = r.getKinesisRecordMetadata() == null ? Map.of() : r.getKinesisRecordMetadata();
        // The Kinesis arrival (metadata) is when the stream accepted the record; the record-level one is Firehose's.
        String kinesisArrival = meta.get("approximateArrivalTimestamp");
        long arrivalMillis = kinesisArrival != null && !kinesisArrival.isEmpty() ? new java.math.BigDecimal(kinesisArrival).longValue()
                : r.getApproximateArrivalTimestamp() != null ? r.getApproximateArrivalTimestamp() : 0L;
        SourceRecord record = new SourceRecord(required(meta, "shardId"), required(meta, "sequenceNumber"),
                required(meta, "partitionKey"), data, Instant.ofEpochMilli(arrivalMillis));
        String line = ArchiveFormat.encode(record) + "\n";
        return new Response.Record(r.getRecordId(), OK, Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)),
                new Response.Metadata(Map.of(ArchiveLayout.PARTITION_KEY, ArchiveFormat.eventDate(data))));
    }

    private static String required(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null || value.isEmpty()) {
            // Only a delivery stream whose source is not the Kinesis stream lacks it: a deployment error.
            throw new IllegalArgumentException("Firehose record without kinesisRecordMetadata." + key
                    + ": the archive's delivery stream must read the Kinesis stream (KinesisStreamAsSource)");
        }
        return value;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Firehose's transformation response, with the partition keys of dynamic partitioning. JavaBean for Lambda's serializer. */
    public static final class Response {
        private final List<Record> records;

        public Response(List<Record> records) {
            this.records = List.copyOf(records);
        }

        public List<Record> getRecords() {
            return records;
        }

        /** One transformed record: {@code data} is base64, {@code result} is {@code Ok}. */
        public static final class Record {
            private final String recordId;
            private final String result;
            private final String data;
            private final Metadata metadata;

            public Record(String recordId, String result, String data, Metadata metadata) {
                this.recordId = recordId;
                this.result = result;
                this.data = data;
                this.metadata = metadata;
            }

            public String getRecordId() {
                return recordId;
            }

            public String getResult() {
                return result;
            }

            public String getData() {
                return data;
            }

            public Metadata getMetadata() {
                return metadata;
            }
        }

        /** {@code metadata.partitionKeys}: Firehose fills {@code !{partitionKeyFromLambda:…}} from it. */
        public static final class Metadata {
            private final Map<String, String> partitionKeys;

            public Metadata(Map<String, String> partitionKeys) {
                this.partitionKeys = Map.copyOf(partitionKeys);
            }

            public Map<String, String> getPartitionKeys() {
                return partitionKeys;
            }
        }
    }
}
