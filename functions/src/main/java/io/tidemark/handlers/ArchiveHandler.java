package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.archive.ArchiveBatch;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.archive.ArchiveStore;
import io.tidemark.archive.LineageFormat;
import io.tidemark.aws.AwsClients;
import io.tidemark.aws.S3ObjectUpload;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.dynamodb.StreamShards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event archive's own consumer of the stream: its event source mapping hands it large batches
 * (up to 10 000 records, gathered for minutes), and it writes each batch as one object per
 * event-date partition ({@link ArchiveBatch}): every record exactly as the stream accepted it,
 * with its shard, sequence number, partition key and arrival. Nothing is dropped or rejected —
 * invalid records are archived too — and nothing depends on the Kinesis handler: a batch that
 * fails there, or a handler bug, leaves the archive whole, so a replay can repair it.
 * <p>
 * A failed put fails the invocation, and the mapping retries the whole batch: the objects' keys
 * and bytes depend on the batch alone, so a retry overwrites an object with the same bytes.
 * <p>
 * The first time a container meets a shard, it also puts the lineage (parents, hash-key range:
 * {@code ListShards}, as the Kinesis handler learns it) of every shard listed as
 * {@code lineage/<shard>.json}, before the shard's records: a replay of the archive alone can then
 * hand state over across a reshard.
 */
public final class ArchiveHandler implements RequestHandler<KinesisEvent, Map<String, Object>> {

    private final ArchiveStore store;
    private final String stream;
    private final StreamShards shards;
    private final JsonLog log;
    /** Shards whose lineage this container has put: a shard's lineage never changes. */
    private final Set<String> lineageWritten = ConcurrentHashMap.newKeySet();

    /**
     * For Lambda: bucket and prefix from {@code TIDEMARK_ARCHIVE_BUCKET} and {@code TIDEMARK_ARCHIVE_PREFIX},
     * the stream from {@code TIDEMARK_STREAM_NAME}.
     */
    public ArchiveHandler() {
        this(new S3ObjectUpload(AwsClients.fromEnvironment(), LambdaRuntime.required(FunctionEnvironment.ARCHIVE_BUCKET),
                System.getenv().getOrDefault(FunctionEnvironment.ARCHIVE_PREFIX, "")), LambdaRuntime.required(FunctionEnvironment.STREAM_NAME),
                LambdaRuntime.streamShards(), JsonLog.stdout("ArchiveHandler"));
    }

    /**
     * For the local runner and tests: any store (S3 on an endpoint, a directory).
     *
     * @param stream named in the lineage objects
     * @param shards where the shards' lineage is learned ({@link StreamShards#NONE}: no lineage objects)
     */
    public ArchiveHandler(ArchiveStore store, String stream, StreamShards shards, JsonLog log) {
        this.store = Objects.requireNonNull(store, "store");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.shards = Objects.requireNonNull(shards, "shards");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public Map<String, Object> handleRequest(KinesisEvent event, Context context) {
        return log.withInvocation(context, () -> archive(event));
    }

    private Map<String, Object> archive(KinesisEvent event) {
        List<KinesisEvent.KinesisEventRecord> all = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SourceRecord> batch = new ArrayList<>(all.size());
        for (KinesisEvent.KinesisEventRecord r : all) {
            batch.add(sourceRecord(r));
        }
        writeLineage(batch);
        long bytes = 0;
        List<ArchiveBatch.ArchiveObject> objects = ArchiveBatch.objects("", batch);
        for (ArchiveBatch.ArchiveObject o : objects) {
            store.put(o.key(), o.body());
            bytes += o.body().length;
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("records", batch.size());
        report.put("objects", objects.size());
        report.put("bytes", bytes);
        log.info("batch archived", "records", batch.size(), "objects", objects.size(), "bytes", bytes,
                "keys", objects.stream().limit(5).map(ArchiveBatch.ArchiveObject::key).toList());
        return report;
    }

    /**
     * When the batch has a shard this container has not met yet, puts the lineage of every shard the stream
     * lists that it has not put yet: a reshard's children (and a child that never receives a record still
     * takes over its part of the parent's state), ancestors that closed before any record reached them.
     */
    private void writeLineage(List<SourceRecord> batch) {
        if (batch.stream().allMatch(r -> lineageWritten.contains(r.shardId()))) {
            return;
        }
        for (ShardLineage l : shards.list()) {
            if (!lineageWritten.contains(l.shardId())) {
                // Marked only once put: a failed put fails the batch, and its retry puts the object again.
                store.put(ArchiveLayout.lineageObjectKey(l.shardId()), LineageFormat.encode(stream, l));
                lineageWritten.add(l.shardId());
                log.info("shard lineage archived", "shard", l.shardId(), "parents", l.parents());
            }
        }
        // Also those the listing lacks (no stream to list locally): one listing per new shard and container at most.
        batch.forEach(r -> lineageWritten.add(r.shardId()));
    }

    private static SourceRecord sourceRecord(KinesisEvent.KinesisEventRecord r) {
        KinesisEvent.Record k = r.getKinesis();
        if (k == null || k.getSequenceNumber() == null) {
            throw new IllegalArgumentException("record " + r.getEventID() + " has no kinesis.sequenceNumber: the archiver reads a Kinesis "
                    + "event source mapping's batches");
        }
        long arrival = k.getApproximateArrivalTimestamp() == null ? 0 : k.getApproximateArrivalTimestamp().getTime();
        return new SourceRecord(KinesisHandler.shardOf(r), k.getSequenceNumber(), k.getPartitionKey() == null ? "" : k.getPartitionKey(),
                KinesisHandler.bytes(k.getData()), Instant.ofEpochMilli(arrival));
    }
}
