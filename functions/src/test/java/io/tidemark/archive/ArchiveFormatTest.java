package io.tidemark.archive;

import io.tidemark.core.stream.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveFormatTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-23T10:00:01.234Z");

    private static SourceRecord record(byte[] data) {
        return new SourceRecord("shardId-000000000001", "49590338271490256608559692538361571095921575989136588898", "u1", data, ARRIVAL);
    }

    @Test
    void aRecordSurvivesTheArchiveByteForByteWithItsKinesisMetadata() {
        List<byte[]> payloads = List.of(
                "{\"event_id\":\"e1\",\"type\":\"page_view\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"page\":\"/\"}"
                        .getBytes(StandardCharsets.UTF_8),
                "  {\"a\" : \"ü \\u00fc\",\n\"b\":[1,2]}  ".getBytes(StandardCharsets.UTF_8), // whitespace, escapes, a line break
                "not json at all \"quoted\" \\ back".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, 0x00, 0x7b, (byte) 0xc3}, // not UTF-8: kept as base64
                new byte[0]);
        for (byte[] data : payloads) {
            String line = ArchiveFormat.encode(record(data));
            assertThat(line).doesNotContain("\n");
            SourceRecord back = ArchiveFormat.decode(line, "test");
            assertThat(back.data()).isEqualTo(data);
            assertThat(back.shardId()).isEqualTo("shardId-000000000001");
            assertThat(back.sequenceNumber()).isEqualTo("49590338271490256608559692538361571095921575989136588898");
            assertThat(back.partitionKey()).isEqualTo("u1");
            assertThat(back.arrival()).isEqualTo(ARRIVAL);
        }
        assertThat(ArchiveFormat.encode(record(new byte[] {(byte) 0xff}))).contains("\"data_base64\":\"/w==\"").doesNotContain("\"data\"");
    }

    @Test
    void thePartitionIsTheUtcDateOfTheEventTimeAndUnknownWithoutOne() {
        assertThat(ArchiveFormat.eventDate(bytes("{\"timestamp\":\"2026-11-23T23:59:59.999Z\"}"))).isEqualTo("2026-11-23");
        assertThat(ArchiveFormat.eventDate(bytes("{\"user_id\":\"u\",\"timestamp\":\"2026-11-24T01:30:00+02:00\"}")))
                .as("an offset counts: 01:30+02:00 is the 23rd in UTC").isEqualTo("2026-11-23");
        assertThat(ArchiveFormat.eventDate(bytes("{\"nested\":{\"timestamp\":\"1999-01-01T00:00:00Z\"},\"timestamp\":\"2026-12-31T23:00:00-05:00\"}")))
                .isEqualTo("2027-01-01");
        for (String bad : List.of("{\"timestamp\":\"2026-11-23 10:00\"}", "{\"timestamp\":\"2026-11-23T10:00:00\"}", "{\"timestamp\":17}",
                "{\"type\":\"page_view\"}", "not json", "[1]", "")) {
            assertThat(ArchiveFormat.eventDate(bytes(bad))).as(bad).isEqualTo(ArchiveFormat.UNKNOWN_DATE);
        }
    }

    @Test
    void aBrokenLineNamesWhereAndWhichField() {
        String good = ArchiveFormat.encode(record(bytes("{}")));
        assertThatThrownBy(() -> ArchiveFormat.decode(good.replace("\"sequence_number\"", "\"seq\""), "s3://b/k line 3"))
                .hasMessage("s3://b/k line 3: missing sequence_number");
        assertThatThrownBy(() -> ArchiveFormat.decode(good.replace("2026-11-23T10:00:01.234Z", "yesterday"), "f line 1"))
                .hasMessageContaining("f line 1: arrival must be an ISO-8601 instant").hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> ArchiveFormat.decode("{\"shard_id\":1}", "f line 2")).hasMessage("f line 2: shard_id must be a string, got VALUE_NUMBER_INT");
        assertThatThrownBy(() -> ArchiveFormat.decode("{\"shard_id\":", "f line 9")).hasMessageStartingWith("f line 9: not a JSON archive line");
        assertThatThrownBy(() -> ArchiveFormat.decode(good.replace("\"data\"", "\"payload\""), "f line 4"))
                .hasMessageStartingWith("f line 4: missing data (or data_base64)");
    }

    @Test
    void theLayoutPutsEachDateInItsFolderAndPrunesPartitionsAfterAnInstant() {
        assertThat(ArchiveLayout.partitionPrefix("2026-11-23")).isEqualTo("events/event_date=2026-11-23/");
        assertThat(ArchiveLayout.partitionOf("prefix/events/event_date=2026-11-23/tidemark-archive-1-2026-11-23-10-00-00-x.jsonl.gz"))
                .contains("2026-11-23");
        assertThat(ArchiveLayout.partitionOf("errors/processing-failed/2026/11/23/x")).isEmpty();
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(ArchiveLayout.mayHoldEventsUpTo("2026-11-22", t)).isTrue();
        assertThat(ArchiveLayout.mayHoldEventsUpTo("2026-11-23", t)).isTrue();
        assertThat(ArchiveLayout.mayHoldEventsUpTo("2026-11-24", t)).isFalse();
        assertThat(ArchiveLayout.mayHoldEventsUpTo(ArchiveFormat.UNKNOWN_DATE, t)).isFalse();
        assertThat(ArchiveLayout.batchObjectKey("2026-11-23", "shardId-000000000001", "4960", "4971"))
                .isEqualTo("events/event_date=2026-11-23/shardId-000000000001-4960-4971.jsonl.gz");
        assertThat(ArchiveLayout.partitionOf(ArchiveLayout.batchObjectKey("2026-11-23", "shardId-000000000001", "4960", "4971"))).contains("2026-11-23");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
