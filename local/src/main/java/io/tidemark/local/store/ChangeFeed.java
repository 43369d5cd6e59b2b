package io.tidemark.local.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The change stream of a streamed table of the embedded store, as DynamoDB Streams records it with a
 * NEW_IMAGE view: one record per item created (INSERT) or changed (MODIFY), in the order the writes
 * happened, with growing sequence numbers — what Lambda's event source mapping reads. One shard that
 * never closes; kept for the life of the store (the store lives for one run).
 */
public final class ChangeFeed {

    private final String tableName;
    private final List<Record> records = new ArrayList<>();

    ChangeFeed(String tableName) {
        this.tableName = tableName;
    }

    synchronized void append(OperationType operation, Map<String, AttributeValue> newImage, Instant now) {
        String sequence = String.format("%021d", records.size() + 1);
        records.add(Record.builder().eventID(tableName + ":" + sequence).eventName(operation).eventVersion("1.1")
                .eventSource("aws:dynamodb").awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", newImage.get("pk"), "sk", newImage.get("sk")))
                        .newImage(newImage)
                        .sequenceNumber(sequence)
                        .sizeBytes(io.tidemark.dynamodb.WriteUnits.itemSize(newImage))
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .approximateCreationDateTime(now)
                        .build())
                .build());
    }

    /** A reader from the start of the feed (TRIM_HORIZON); each reader has its own position. */
    public Reader reader() {
        return new Reader();
    }

    /** Records appended so far. */
    public synchronized int size() {
        return records.size();
    }

    /** One consumer's position in the feed. */
    public final class Reader {
        private int next;

        private Reader() {
        }

        /** The next records after the last ones returned, at most {@code limit} (empty: nothing new). */
        public List<Record> poll(int limit) {
            synchronized (ChangeFeed.this) {
                int to = Math.min(records.size(), next + limit);
                List<Record> out = new ArrayList<>(records.subList(next, to));
                next = to;
                return out;
            }
        }
    }
}
