package io.tidemark.cli.kinesis;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

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
}
