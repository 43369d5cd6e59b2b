package io.tidemark.archive;

import io.tidemark.core.stream.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One batch of the stream as archive objects: split by shard and event date, named by the batch, the same bytes every time. */
class ArchiveBatchTest {

    private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

    private static SourceRecord record(String shard, int seq, String data) {
        return record(shard, seq, data.getBytes(StandardCharsets.UTF_8));
    }

    private static SourceRecord record(String shard, int seq, byte[] data) {
        return new SourceRecord(shard, "4960" + seq, "u" + seq % 3, data, Instant.parse("2026-11-24T00:02:00Z").plusMillis(seq));
    }

    private static List<SourceRecord> batch() {
        return List.of(
                record("shardId-000000000000", 100, "{\"event_id\":\"e1\",\"timestamp\":\"2026-11-23T23:59:00Z\"}"),
                record("shardId-000000000000", 101, "{\"event_id\":\"e2\",\"timestamp\":\"2026-11-24T00:00:30Z\"}"),
                record("shardId-000000000000", 102, NOT_UTF8),
                record("shardId-000000000000", 103, "{\"event_id\":\"e3\",\"timestamp\":\"2026-11-23T23:59:59Z\"}"));
    }

    @Test
    void aBatchIsOneObjectPerEventDateNamedByItsShardAndFirstAndLastSequenceNumbers() {
        List<ArchiveBatch.ArchiveObject> objects = ArchiveBatch.objects("archive/", batch());

        assertThat(objects).extracting(ArchiveBatch.ArchiveObject::key).containsExactly(
                "archive/events/event_date=2026-11-23/shardId-000000000000-4960100-4960103.jsonl.gz",
                "archive/events/event_date=2026-11-24/shardId-000000000000-4960100-4960103.jsonl.gz",
                "archive/events/event_date=unknown/shardId-000000000000-4960100-4960103.jsonl.gz");
        assertThat(objects).extracting(ArchiveBatch.ArchiveObject::records).containsExactly(2, 1, 1);
    }

    @Test
    void everyRecordComesBackWithItsBytesAndKinesisMetadataInBatchOrder() throws IOException {
        List<SourceRecord> read = new ArrayList<>();
        for (ArchiveBatch.ArchiveObject o : ArchiveBatch.objects("", batch())) {
            String text = new String(new GZIPInputStream(new ByteArrayInputStream(o.body())).readAllBytes(), StandardCharsets.UTF_8);
            text.lines().forEach(l -> read.add(ArchiveFormat.decode(l, o.key())));
        }
        assertThat(read).hasSize(4);
        for (SourceRecord sent : batch()) {
            SourceRecord back = read.stream().filter(r -> r.sequenceNumber().equals(sent.sequenceNumber())).findFirst().orElseThrow();
            assertThat(back.data()).isEqualTo(sent.data());
            assertThat(back.shardId()).isEqualTo(sent.shardId());
            assertThat(back.partitionKey()).isEqualTo(sent.partitionKey());
            assertThat(back.arrival()).isEqualTo(sent.arrival());
        }
        assertThat(read.stream().map(SourceRecord::sequenceNumber).filter(s -> !s.equals("4960102")))
                .containsExactly("4960100", "4960103", "4960101");
    }

    @Test
    void aRetriedBatchWritesTheSameKeysAndTheSameBytes() {
        List<ArchiveBatch.ArchiveObject> first = ArchiveBatch.objects("", batch());
        List<ArchiveBatch.ArchiveObject> retry = ArchiveBatch.objects("", batch());

        assertThat(retry).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(retry.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(retry.get(i).body()).isEqualTo(first.get(i).body());
        }
    }

    @Test
    void aBatchOfTwoShardsIsNamedPerShard() {
        List<SourceRecord> mixed = List.of(
                record("shardId-000000000000", 1, "{\"timestamp\":\"2026-11-23T10:00:00Z\"}"),
                record("shardId-000000000001", 2, "{\"timestamp\":\"2026-11-23T10:00:00Z\"}"),
                record("shardId-000000000000", 3, "{\"timestamp\":\"2026-11-23T10:00:01Z\"}"));

        assertThat(ArchiveBatch.objects("", mixed)).extracting(ArchiveBatch.ArchiveObject::key).containsExactly(
                "events/event_date=2026-11-23/shardId-000000000000-49601-49603.jsonl.gz",
                "events/event_date=2026-11-23/shardId-000000000001-49602-49602.jsonl.gz");
    }
}
