package io.tidemark.local.failures;

import io.tidemark.core.stream.SequenceNumbers;
import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a failed Kinesis batch's records again from the stream, by sequence number: {@code GetShardIterator}
 * {@code AT_SEQUENCE_NUMBER} at the batch's first record, then {@code GetRecords} up to its last. Says so
 * when the stream no longer has them (it keeps records for its retention, 24 hours by default).
 */
public final class FailedBatchReader {

    private static final int MAX_EMPTY_PAGES = 5;

    /**
     * @param records the batch's records found, in stream order
     * @param expired null when the stream still has the first record; else why some or all are missing
     */
    public record Read(List<SourceRecord> records, String expired) {
    }

    private final KinesisClient kinesis;

    public FailedBatchReader(KinesisClient kinesis) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
    }

    /** The records of {@code batch} in {@code stream} (its name; null: the name in the batch's stream ARN). */
    public Read read(FailedBatch batch, String stream) throws InterruptedException {
        String name = stream != null ? stream : batch.streamName();
        String iterator;
        try {
            iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId(batch.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(batch.startSequence())).shardIterator();
        } catch (ResourceNotFoundException | InvalidArgumentException e) {
            return new Read(List.of(), "stream " + name + " no longer has record " + batch.startSequence() + " of " + batch.shardId()
                    + ": the records expired (a stream keeps them for its retention, 24 hours by default) or the stream is another one ("
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()) + ")");
        }
        List<SourceRecord> records = new ArrayList<>();
        int emptyPages = 0;
        boolean pastEnd = false;
        while (iterator != null && !pastEnd && emptyPages < MAX_EMPTY_PAGES) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(Math.max(100, Math.min(10_000, batch.batchSize()))));
            for (Record r : page.records()) {
                if (SequenceNumbers.compare(r.sequenceNumber(), batch.endSequence()) > 0) {
                    pastEnd = true;
                    break;
                }
                records.add(new SourceRecord(batch.shardId(), r.sequenceNumber(), r.partitionKey(), r.data().asByteArray(),
                        r.approximateArrivalTimestamp()));
            }
            boolean atTip = page.millisBehindLatest() != null && page.millisBehindLatest() == 0;
            if (page.records().isEmpty()) {
                if (atTip) {
                    break;
                }
                emptyPages++;
                Thread.sleep(200); // Kinesis allows five GetRecords a second per shard
            }
            iterator = page.nextShardIterator();
        }
        if (records.isEmpty() || !records.get(0).sequenceNumber().equals(batch.startSequence())) {
            return new Read(records, "stream " + name + " no longer has the batch's first record " + batch.startSequence() + " of "
                    + batch.shardId() + (records.isEmpty() ? "" : " (it now starts at " + records.get(0).sequenceNumber() + ")")
                    + ": the records expired (a stream keeps them for its retention, 24 hours by default)");
        }
        return new Read(records, null);
    }
}
