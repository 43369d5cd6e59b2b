package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds real {@link KinesisEvent}s as Lambda's event source mapping delivers them, from the core's test traffic. */
public final class KinesisEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KinesisEvents() {
    }

    /** docs/spec.md §1 JSON of a valid event (the wire form a producer sends). */
    public static byte[] json(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId());
        m.put("type", e.type().wireName());
        m.put("user_id", e.userId());
        m.put("timestamp", e.timestamp().toString());
        switch (e.type()) {
            case PAGE_VIEW -> m.put("page", e.page());
            case ADD_TO_CART, REMOVE_FROM_CART -> {
                m.put("product_id", e.productId());
                m.put("quantity", e.quantity());
            }
            case PURCHASE -> {
                m.put("order_id", e.orderId());
                m.put("amount", e.amount());
                if (e.currency() != null) {
                    m.put("currency", e.currency());
                }
            }
            case AD_IMPRESSION, AD_CLICK -> m.put("ad_id", e.adId());
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The bytes a record carries: the event's JSON, or a rejected record's original bytes. */
    public static byte[] data(StreamRecord r) {
        return r.isValid() ? json(r.event()) : (r.data() != null ? r.data() : "{".getBytes(StandardCharsets.UTF_8));
    }

    public static KinesisEvent.KinesisEventRecord record(String shardId, String sequenceNumber, String partitionKey, long arrival, byte[] data) {
        KinesisEvent.Record k = new KinesisEvent.Record();
        k.setSequenceNumber(sequenceNumber);
        k.setPartitionKey(partitionKey);
        k.setApproximateArrivalTimestamp(new Date(arrival));
        k.setData(ByteBuffer.wrap(data));
        k.setKinesisSchemaVersion("1.0");
        k.setEncryptionType("NONE");
        KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
        r.setKinesis(k);
        r.setEventID(shardId + ":" + sequenceNumber);
        r.setEventName("aws:kinesis:record");
        r.setEventSource("aws:kinesis");
        r.setEventVersion("1.0");
        r.setAwsRegion("us-east-1");
        r.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/tidemark-test");
        r.setInvokeIdentityArn("arn:aws:iam::000000000000:role/tidemark-test");
        return r;
    }

    public static KinesisEvent.KinesisEventRecord record(String shardId, StreamRecord r) {
        return record(shardId, r.sequenceNumber(), r.partitionKey(), r.approximateArrival(), data(r));
    }

    public static KinesisEvent event(List<KinesisEvent.KinesisEventRecord> records) {
        KinesisEvent event = new KinesisEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    public static KinesisEvent event(String shardId, List<StreamRecord> records) {
        List<KinesisEvent.KinesisEventRecord> out = new ArrayList<>(records.size());
        records.forEach(r -> out.add(record(shardId, r)));
        return event(out);
    }
}
