package io.tidemark.cli.kinesis;

import io.tidemark.events.PartitionKeys;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams on kinesis-mock for tests, polled until ACTIVE (the SDK's waiter polls every 10 s). */
public final class TestStreams {

    private TestStreams() {
    }

    /** A new stream named {@code prefix-<uuid>}, ACTIVE. */
    public static String create(KinesisClient kinesis, String prefix, int shards) throws InterruptedException {
        String stream = prefix + "-" + UUID.randomUUID();
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(kinesis, stream);
        return stream;
    }

    /** Waits until the stream is ACTIVE (after creation or a reshard), at most a minute. */
    public static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            assertThat(System.nanoTime()).as("%s is active within a minute", stream).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Writes the lines in exactly their order, partition key as {@code tidemark put} chooses it: one {@code PutRecords}
     * call of at most 500 at a time, and a test failure if any entry fails (on the emulator, unthrottled, none does).
     * For tests whose expectations depend on the input's exact arrival order — lateness beyond the watermark delay —
     * which {@code tidemark put} keeps only within its disorder bound.
     */
    public static void putInOrder(KinesisClient kinesis, String stream, List<String> lines) {
        for (int from = 0; from < lines.size(); from += 500) {
            List<PutRecordsRequestEntry> entries = lines.subList(from, Math.min(from + 500, lines.size())).stream()
                    .map(line -> line.getBytes(StandardCharsets.UTF_8))
                    .map(data -> PutRecordsRequestEntry.builder().partitionKey(PartitionKeys.of(data)).data(SdkBytes.fromByteArray(data)).build())
                    .toList();
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(response.failedRecordCount()).as("failed entries of a PutRecords call").isZero();
        }
    }
}
