package io.tidemark.local;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table's DynamoDB stream read from its start (TRIM_HORIZON), every shard in turn: a poll is one
 * pass over the stream's shards. An iterator that the service invalidated (a quiet shard's, on some
 * emulators) is replaced by one after the last record seen, in the same pass.
 */
public final class DynamoDbStreamsReader implements ChangeStream {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    public DynamoDbStreamsReader(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    @Override
    public List<Record> poll(int limit) {
        List<Record> out = new ArrayList<>();
        List<Shard> shards = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (finished.contains(id) || out.size() >= limit) {
                continue;
            }
            int room = limit - out.size();
            GetRecordsResponse page;
            try {
                page = read(iterators.computeIfAbsent(id, this::iteratorAfterLastSeen), room);
            } catch (TrimmedDataAccessException | ExpiredIteratorException stale) {
                page = read(iteratorAfterLastSeen(id), room);
            }
            if (!page.records().isEmpty()) {
                lastSequence.put(id, page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                out.addAll(page.records());
            }
            if (page.nextShardIterator() == null) {
                finished.add(id);
                iterators.remove(id);
            } else {
                iterators.put(id, page.nextShardIterator());
            }
        }
        return out;
    }

    private GetRecordsResponse read(String iterator, int limit) {
        return streams.getRecords(b -> b.shardIterator(iterator).limit(Math.min(1000, limit)));
    }

    private String iteratorAfterLastSeen(String shardId) {
        String sequenceNumber = lastSequence.get(shardId);
        return sequenceNumber == null
                ? streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()
                : streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(sequenceNumber)).shardIterator();
    }
}
