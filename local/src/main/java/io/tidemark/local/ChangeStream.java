package io.tidemark.local;

import software.amazon.awssdk.services.dynamodb.model.Record;

import java.util.List;

/**
 * A table's change stream as Lambda's event source mapping reads it: each poll returns the records
 * written since the last one, in order, at most {@code limit} (empty: nothing new). DynamoDB Streams
 * ({@link DynamoDbStreamsReader}) or the embedded store's change feed.
 */
@FunctionalInterface
public interface ChangeStream {

    List<Record> poll(int limit);
}
