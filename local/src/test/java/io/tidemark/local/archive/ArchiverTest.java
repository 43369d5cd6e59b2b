package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveFormat;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.handlers.ArchiveHandler;
import io.tidemark.handlers.JsonLog;
import io.tidemark.local.ArchiverInvocation;
import io.tidemark.local.BatchInvoker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archiver invoked as its event source mapping invokes it, writing a directory that the archive reader reads back. */
class ArchiverTest {

    @TempDir
    Path dir;

    private static List<SourceRecord> records() {
        List<SourceRecord> out = new ArrayList<>();
        String[] lines = {
                "{\"event_id\":\"e1\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T23:59:00Z\",\"page\":\"/\"}",
                "{\"event_id\":\"e2\",\"type\":\"page_view\",\"user_id\":\"u2\",\"timestamp\":\"2026-11-24T00:00:30Z\",\"page\":\"/\"}",
                "not json",
                "{\"event_id\":\"e3\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-24T00:01:00Z\",\"page\":\"/a\"}"};
        for (int i = 0; i < lines.length; i++) {
            out.add(new SourceRecord("shardId-000000000000", "4960" + (100 + i), i == 2 ? "invalid-record" : "u" + (i % 2 + 1),
                    lines[i].getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-24T00:02:00Z").plusMillis(i)));
        }
        return out;
    }

    private ArchiverInvocation archiver() {
        return new ArchiverInvocation(new ArchiveHandler(new DirectoryArchiveStore(dir), "s", StreamShards.NONE, new JsonLog("ArchiveHandler",
                new PrintStream(new ByteArrayOutputStream())).quiet()), "arn:aws:kinesis:us-east-1:1:stream/s", "archiver", Duration.ofMinutes(1));
    }

    @Test
    void everyBatchIsOneObjectPerEventDateAndARetriedBatchReplacesItsOwnObjects() throws Exception {
        List<SourceRecord> all = records();
        ArchiverInvocation archiver = archiver();
        assertThat(archiver.invoke(all.subList(0, 3))).isEqualTo(BatchInvoker.Outcome.SUCCESS);
        assertThat(archiver.invoke(all.subList(0, 3))).isEqualTo(BatchInvoker.Outcome.SUCCESS); // the mapping retries the batch
        assertThat(archiver.invoke(all.subList(3, 4))).isEqualTo(BatchInvoker.Outcome.SUCCESS);

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted()).containsExactly(
                    "events/event_date=2026-11-23/shardId-000000000000-4960100-4960102.jsonl.gz",
                    "events/event_date=2026-11-24/shardId-000000000000-4960100-4960102.jsonl.gz",
                    "events/event_date=2026-11-24/shardId-000000000000-4960103-4960103.jsonl.gz",
                    "events/event_date=unknown/shardId-000000000000-4960100-4960102.jsonl.gz");
        }
        ArchivedLog log = ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir));
        assertThat(log.size()).isEqualTo(all.size());
        assertThat(log.redeliveries()).isZero();
        assertThat(log.inArrivalOrder()).extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(all.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());

        ArchiveReader onlyTheFirstDay = new ArchiveReader(null, p -> ArchiveLayout.mayHoldEventsUpTo(p, Instant.parse("2026-11-23T23:59:30Z")),
                r -> true, ArchiveReader.Progress.NONE);
        assertThat(onlyTheFirstDay.read(new ArchiveLocation.LocalPath(dir)).size()).isEqualTo(1);
    }

    @Test
    void objectsOfAnEarlierFirehoseDeliveryStreamAreReadBesideTheArchiversAndRedeliveriesCountOnce() throws Exception {
        List<SourceRecord> all = records();
        archiver().invoke(all.subList(1, 4));
        // What a stack deployed with the Firehose delivery stream left: same partitions, its own object names, GZIP JSON Lines.
        Path firehose = dir.resolve("events/event_date=2026-11-24/Tidemark-Archive-1-2026-11-24-00-05-00-0b1c.jsonl.gz");
        Files.write(firehose, gzip(List.of(ArchiveFormat.encode(all.get(1)))));
        Files.createDirectories(dir.resolve("events/event_date=2026-11-23"));
        Files.write(dir.resolve("events/event_date=2026-11-23/Tidemark-Archive-1-2026-11-24-00-05-00-0b1d.jsonl.gz"),
                gzip(List.of(ArchiveFormat.encode(all.get(0)))));

        ArchivedLog log = ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir));

        assertThat(log.size()).isEqualTo(all.size());
        assertThat(log.redeliveries()).isEqualTo(1);
        assertThat(log.inArrivalOrder()).extracting(SourceRecord::sequenceNumber)
                .containsExactlyElementsOf(all.stream().map(SourceRecord::sequenceNumber).toList());
    }

    @Test
    void aContainerListsTheShardsOnceAndPutsTheirLineageAgainWhenAPutFailed() {
        java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();
        io.tidemark.core.stream.ShardLineage shard = io.tidemark.core.stream.ShardLineage.root("shardId-000000000000",
                io.tidemark.core.stream.HashKeyRange.all());
        DirectoryArchiveStore directory = new DirectoryArchiveStore(dir);
        java.util.concurrent.atomic.AtomicBoolean failNextLineagePut = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.tidemark.archive.ArchiveStore flaky = new io.tidemark.archive.ArchiveStore() {
            @Override
            public void put(String key, byte[] body) {
                if (key.startsWith(ArchiveLayout.LINEAGE_PREFIX) && failNextLineagePut.getAndSet(false)) {
                    throw new IllegalStateException("S3 unavailable");
                }
                directory.put(key, body);
            }

            @Override
            public String location() {
                return directory.location();
            }
        };
        ArchiverInvocation archiver = new ArchiverInvocation(new ArchiveHandler(flaky, "s", () -> {
            listings.incrementAndGet();
            return List.of(shard);
        }, new JsonLog("ArchiveHandler", new PrintStream(new ByteArrayOutputStream())).quiet()), "arn:aws:kinesis:us-east-1:1:stream/s",
                "archiver", Duration.ofMinutes(1));
        List<SourceRecord> all = records();
        assertThatThrownBy(() -> archiver.invoke(all.subList(0, 2))).hasMessageContaining("S3 unavailable");
        assertThat(archiver.invoke(all.subList(0, 2))).isEqualTo(BatchInvoker.Outcome.SUCCESS); // the mapping retries the batch
        assertThat(archiver.invoke(all.subList(2, 4))).isEqualTo(BatchInvoker.Outcome.SUCCESS);
        assertThat(dir.resolve(ArchiveLayout.lineageObjectKey(shard.shardId()))).as("put by the retry").isRegularFile();
        assertThat(listings).as("the failed attempt and its retry; the shard is known after that").hasValue(2);
    }

    @Test
    void theHandlerReportsWhatItWrote() {
        Map<String, Object> report = new ArchiveHandler(new DirectoryArchiveStore(dir), "s", StreamShards.NONE, new JsonLog("ArchiveHandler",
                new PrintStream(new ByteArrayOutputStream())).quiet()).handleRequest(
                io.tidemark.local.LambdaEvents.kinesisEvent(records(), "arn:aws:kinesis:us-east-1:1:stream/s", "us-east-1", "r"), null);
        assertThat(report).containsEntry("records", 4).containsEntry("objects", 3);
        assertThat((Long) report.get("bytes")).isPositive();
    }

    private static byte[] gzip(List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String l : lines) {
                gz.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
