package io.tidemark.local.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.archive.ArchiveFormat;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.handlers.ArchiveTransformHandler;
import io.tidemark.local.BatchInvoker;
import io.tidemark.local.FirehoseDelivery;
import io.tidemark.local.LambdaEvents;
import io.tidemark.local.LocalContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's transformation Lambda as Firehose calls it, and the delivery that writes what it returns. */
class ArchiveDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            out.add(new SourceRecord("shardId-00000000000" + (i % 2), "4960" + (100 + i), i == 2 ? "invalid-record" : "u" + (i % 2 + 1),
                    lines[i].getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-24T00:02:00Z").plusMillis(i)));
        }
        return out;
    }

    @Test
    void theTransformWrapsEachRecordWithItsKinesisMetadataAndNamesItsEventDate() throws Exception {
        List<SourceRecord> batch = records();
        var event = LambdaEvents.firehoseEvent(batch, "arn:aws:firehose:us-east-1:1:deliverystream/d", "arn:aws:kinesis:us-east-1:1:stream/s",
                "us-east-1", "inv-1");
        ArchiveTransformHandler.Response response = new ArchiveTransformHandler().handleRequest(event, new LocalContext("t", 1000));
        JsonNode wire = JSON.readTree(LambdaEvents.responseJson(response, ArchiveTransformHandler.Response.class));
        assertThat(wire.get("records")).hasSize(batch.size());
        List<String> dates = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode r = wire.get("records").get(i);
            assertThat(r.get("recordId").asText()).isEqualTo("inv-1-" + i);
            assertThat(r.get("result").asText()).isEqualTo("Ok");
            String line = new String(Base64.getDecoder().decode(r.get("data").asText()), StandardCharsets.UTF_8);
            assertThat(line).endsWith("\n");
            SourceRecord back = ArchiveFormat.decode(line.strip(), "record " + i);
            assertThat(back.data()).isEqualTo(batch.get(i).data());
            assertThat(back.shardId()).isEqualTo(batch.get(i).shardId());
            assertThat(back.sequenceNumber()).isEqualTo(batch.get(i).sequenceNumber());
            assertThat(back.partitionKey()).isEqualTo(batch.get(i).partitionKey());
            assertThat(back.arrival()).isEqualTo(batch.get(i).arrival());
            dates.add(r.at("/metadata/partitionKeys/event_date").asText());
        }
        assertThat(dates).containsExactly("2026-11-23", "2026-11-24", "unknown", "2026-11-24");
    }

    @Test
    void aRecordNotReadFromTheStreamIsADeploymentErrorNamedAsSuch() {
        var event = LambdaEvents.firehoseEvent(records().subList(0, 1), "d", "s", "us-east-1", "inv");
        event.getRecords().get(0).setKinesisRecordMetadata(null);
        assertThatThrownBy(() -> new ArchiveTransformHandler().handleRequest(event, new LocalContext("t", 1000)))
                .hasMessageContaining("kinesisRecordMetadata.shardId").hasMessageContaining("KinesisStreamAsSource");
    }

    @Test
    void deliveredAtLeastOnceTheArchiveReadsBackEveryRecordOnceInTheLayout() throws Exception {
        List<SourceRecord> all = records();
        try (DirectoryArchiveWriter writer = new DirectoryArchiveWriter(dir, Instant.parse("2026-11-24T00:05:00Z"))) {
            FirehoseDelivery delivery = new FirehoseDelivery(new ArchiveTransformHandler(), writer, "d", "s");
            assertThat(delivery.invoke(all.subList(0, 2))).isEqualTo(BatchInvoker.Outcome.SUCCESS);
            assertThat(delivery.invoke(all.subList(0, 3))).isEqualTo(BatchInvoker.Outcome.SUCCESS); // a retried delivery
            assertThat(delivery.invoke(all.subList(3, 4))).isEqualTo(BatchInvoker.Outcome.SUCCESS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> dir.relativize(f).getParent().toString()).distinct().sorted())
                    .containsExactly("events/event_date=2026-11-23", "events/event_date=2026-11-24", "events/event_date=unknown");
        }
        ArchivedLog log = ArchiveReader.all(null).read(new ArchiveLocation.LocalPath(dir));
        assertThat(log.size()).isEqualTo(all.size());
        assertThat(log.redeliveries()).isEqualTo(2);
        assertThat(log.inArrivalOrder()).extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(all.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());

        ArchiveReader onlyTheFirstDay = new ArchiveReader(null, p -> ArchiveLayout.mayHoldEventsUpTo(p, Instant.parse("2026-11-23T23:59:30Z")),
                r -> true, ArchiveReader.Progress.NONE);
        assertThat(onlyTheFirstDay.read(new ArchiveLocation.LocalPath(dir)).size()).isEqualTo(1);
    }
}
