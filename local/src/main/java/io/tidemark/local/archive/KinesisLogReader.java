package io.tidemark.local.archive;

import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The stream itself as the log ({@code tidemark replay --source stream@TIMESTAMP}): every shard —
 * closed parents still within the retention included — read from {@code AT_TIMESTAMP} up to the
 * tip as it is when the shard is reached. Bounded by the stream's retention (24 h by default);
 * the archive in S3 keeps everything older.
 */
public final class KinesisLogReader {

    private static final int PAGE = 10_000;

    private final KinesisClient kinesis;

    public KinesisLogReader(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    /** Reads {@code stream} from {@code from}; {@code progress} gets the number of records read so far. */
    public ArchivedLog read(String stream, Instant from, LongConsumer progress) throws InterruptedException {
        ArchivedLog.Builder log = ArchivedLog.builder();
        List<Shard> shards = listShards(stream);
        long read = 0;
        for (Shard shard : shards) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(from)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(PAGE));
                for (Record r : page.records()) {
                    log.add(new SourceRecord(shard.shardId(), r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                            r.approximateArrivalTimestamp()));
                }
                read += page.records().size();
                progress.accept(read);
                boolean atTip = page.records().isEmpty()
                        && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0);
                iterator = atTip ? null : page.nextShardIterator();
                if (page.records().isEmpty() && iterator != null) {
                    Thread.sleep(200); // Kinesis allows 5 GetRecords per second per shard
                }
            }
        }
        return log.build();
    }

    private List<Shard> listShards(String stream) {
        List<Shard> shards = new java.util.ArrayList<>();
        var page = kinesis.listShards(b -> b.streamName(stream));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token));
            shards.addAll(page.shards());
        }
        return shards;
    }
}
