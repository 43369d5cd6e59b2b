package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.events.Event;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a producer gets wrong reaches the Kinesis handler as Kinesis delivers it, and is refused with
 * its reason without touching anyone else's views: clocks far in the future (refused: they would push
 * the shard's watermark to the end of time), clocks far in the past (judged like any event: accepted
 * when nothing is before them, late after that), a partition key that is not the user, and a record
 * aggregated by the Kinesis Producer Library.
 */
class ProducerMistakesTest {

    private static final String SHARD = "shardId-000000000000";

    @Test
    void farFutureEventsAreQuarantinedFarPastOnesJudgedAsAnyAndTheRestEqualsTheReference() {
        List<StreamRecord> normal = SyntheticTraffic.generate(SyntheticTraffic.Options.small(2026).withUsers(15).withEvents(400)
                .withRates(0.02, 0.0, 0.05).withMaxDisorder(Duration.ofMinutes(1)));
        long arrivalNow = normal.get(normal.size() - 1).approximateArrival();
        List<StreamRecord> stream = new ArrayList<>();
        // First on the shard: a clock stuck in 1970. Nothing is before it, so it is on time, in its own 1970 windows.
        stream.add(at("past-first", "u-past", Instant.parse("1970-01-01T00:00:00Z"), normal.get(0).approximateArrival()));
        List<String> futureIds = new ArrayList<>();
        String latePast = null;
        for (int i = 0; i < normal.size(); i++) {
            StreamRecord r = normal.get(i);
            stream.add(r);
            if (i % 97 == 50) {
                String id = "future-" + i;
                futureIds.add(id);
                stream.add(at(id, r.partitionKey(), Instant.parse("9999-12-31T00:00:00Z"), r.approximateArrival()));
            }
            if (i == normal.size() / 2) {
                latePast = "past-late";
                stream.add(at(latePast, "u-past", Instant.parse("1970-01-01T00:05:00Z"), r.approximateArrival()));
            }
        }
        List<StreamRecord> numbered = renumber(stream);
        TableNames tables = TestStores.freshTables("clocks");
        Pipeline p = new Pipeline(TestStores.items(tables), PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                new TestClock(arrivalNow), new JsonEventDecoder());

        for (int from = 0; from < numbered.size(); from += 100) {
            deliver(p, numbered.subList(from, Math.min(numbered.size(), from + 100)));
        }
        p.sweeper.endOfInput();

        List<StreamRecord> withoutFuture = numbered.stream().filter(r -> !r.isValid() || !r.event().eventId().startsWith("future-")).toList();
        String latePastSeq = numbered.stream().filter(r -> r.isValid() && r.event().eventId().equals("past-late")).findFirst().orElseThrow()
                .sequenceNumber();
        Report expected = ReferencePipeline.run(withoutFuture, Set.of(latePastSeq));
        Report report = p.report();
        assertThat(report.revenuePerHour()).isEqualTo(expected.revenuePerHour());
        assertThat(report.activeUsers()).isEqualTo(expected.activeUsers());
        assertThat(report.sessions()).isEqualTo(expected.sessions());
        assertThat(report.cartAbandonments()).isEqualTo(expected.cartAbandonments());
        assertThat(report.sessions()).as("the 1970 event first on the shard counts, in 1970")
                .anySatisfy(s -> assertThat(s.sessionStart()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z")));
        assertThat(report.counts().late()).as("the 1970 event after the traffic is late").isEqualTo(1);
        assertThat(report.counts().rejected()).isEqualTo(futureIds.size() + expected.counts().rejected());
        List<Quarantine.Entry> rejected = p.store.quarantine().readAll(Quarantine.Kind.REJECTED);
        assertThat(rejected).filteredOn(e -> new String(e.data(), StandardCharsets.UTF_8).contains("9999-12-31")).hasSize(futureIds.size())
                .allSatisfy(e -> assertThat(e.reasons()).singleElement().asString()
                        .startsWith("timestamp: 9999-12-31T00:00:00Z is ").contains("ahead of the record's arrival"));
    }

    @Test
    void aRecordWhosePartitionKeyIsNotItsUserAndAnAggregatedRecordAreQuarantinedWithTheirReasons() throws Exception {
        TableNames tables = TestStores.freshTables("producer");
        Pipeline p = new Pipeline(TestStores.items(tables), PipelineConfig.defaults().withTablePrefix(tables.prefix()),
                new TestClock(Instant.parse("2026-11-23T10:10:00Z").toEpochMilli()), new JsonEventDecoder());
        Event event = Event.pageView("e1", "u1", Instant.parse("2026-11-23T10:00:00Z"), "/");
        byte[] json = KinesisEvents.json(event);
        long arrival = event.eventTimeMillis();

        KinesisEvent batch = new KinesisEvent();
        batch.setRecords(List.of(
                KinesisEvents.record(SHARD, "49590000000000000000000000000000000000000000000000000001", "someone-else", arrival, json),
                KinesisEvents.record(SHARD, "49590000000000000000000000000000000000000000000000000002", "u1", arrival, aggregated("u1", json)),
                KinesisEvents.record(SHARD, "49590000000000000000000000000000000000000000000000000003", "u1", arrival, json)));
        assertThat(p.kinesis.handleRequest(batch, null).getBatchItemFailures()).isEmpty();

        assertThat(p.report().counts().accepted()).as("the well-keyed record").isEqualTo(1);
        List<Quarantine.Entry> rejected = p.store.quarantine().readAll(Quarantine.Kind.REJECTED);
        assertThat(rejected).extracting(Quarantine.Entry::partitionKey).containsExactly("someone-else", "u1");
        assertThat(rejected.get(0).reasons()).singleElement().asString().contains("partition key 'someone-else' is not the event's user_id 'u1'");
        assertThat(rejected.get(1).reasons()).singleElement().asString().contains("aggregated by the Kinesis Producer Library");
    }

    /** KPL's envelope around one record: magic, protobuf AggregatedRecord {partition_key_table, records}, its MD5. */
    private static byte[] aggregated(String key, byte[] data) throws Exception {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.write(new byte[] {0x08, 0x00, 0x1A, (byte) data.length});
        inner.write(data);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(new byte[] {0x0A, (byte) key.length()});
        message.write(key.getBytes(StandardCharsets.UTF_8));
        message.write(new byte[] {0x1A, (byte) inner.size()});
        inner.writeTo(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
        message.writeTo(out);
        out.write(MessageDigest.getInstance("MD5").digest(message.toByteArray()));
        return out.toByteArray();
    }

    private static StreamRecord at(String id, String user, Instant time, long arrival) {
        return StreamRecord.valid("0", user, arrival, Event.pageView(id, user, time, "/"));
    }

    private static List<StreamRecord> renumber(List<StreamRecord> records) {
        List<StreamRecord> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            StreamRecord r = records.get(i);
            String seq = String.format("4959%052d", i + 1);
            out.add(r.isValid() ? StreamRecord.valid(seq, r.partitionKey(), r.approximateArrival(), r.event(), r.data())
                    : StreamRecord.rejected(seq, r.partitionKey(), r.approximateArrival(), r.rejectionReasons(), r.data()));
        }
        return out;
    }

    private static void deliver(Pipeline p, List<StreamRecord> records) {
        assertThat(p.kinesis.handleRequest(KinesisEvents.event(SHARD, records), null).getBatchItemFailures()).isEmpty();
    }
}
