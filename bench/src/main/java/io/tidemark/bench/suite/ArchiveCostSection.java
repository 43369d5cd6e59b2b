package io.tidemark.bench.suite;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tidemark.archive.ArchiveStore;
import io.tidemark.bench.cost.model.ArchiveInputs;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.handlers.ArchiveHandler;
import io.tidemark.handlers.JsonLog;
import io.tidemark.local.KinesisSharding;
import io.tidemark.local.LambdaEvents;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the archive costs per event, counted from the archiver itself: a steady stream of generated
 * events at {@value #EVENTS_PER_SECOND} events/s, spread over the shards by partition key, cut into
 * the batches the archiver's mapping delivers ({@link EventSourceSettings#forArchive()}: 10 000
 * records, a 300 s window, Lambda's 6 MB payload), each batch given to {@code ArchiveHandler} as its
 * Kinesis event; the handler's puts are counted, not sent. Invocations, S3 PUTs and stored bytes per
 * event are what the cost section prices.
 */
public final class ArchiveCostSection {

    public static final int EVENTS_PER_SECOND = 1_000;
    /** An on-demand stream starts with 4 shards; up to 30 shards a 10 000-record batch still fills within the window at this rate. */
    public static final int SHARDS = 4;
    /** Lambda's limit on a synchronous invocation's payload, which also bounds a Kinesis batch. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** The archiver's memory (StreamArchiver.MEMORY_MB) and the billed seconds per invocation the cost model assumes. */
    public static final int MEMORY_MB = 512;
    public static final double DURATION_ALLOWANCE_SECONDS = 2.0;

    /**
     * @param events                   events archived
     * @param rawBytes                 the events' own bytes (what the producers sent)
     * @param invocations              archiver invocations (batches)
     * @param putRequests              S3 PUTs (objects written: one per batch and event date)
     * @param storedBytes              bytes stored in S3 (GZIP JSON Lines)
     * @param largestPayloadBytes      the largest invocation's event document
     * @param handlerMillisMedian      median time of one invocation in process on this machine, puts not sent
     *                                 (results.json also carries the per-event figures below, which the cost section prices)
     */
    @JsonIgnoreProperties(ignoreUnknown = true) // the per-event figures are derived: written, not read back
    public record Result(int eventsPerSecond, int shards, int batchSize, long batchingWindowSeconds, long events, long rawBytes,
                         long invocations, long putRequests, long storedBytes, long largestPayloadBytes, double handlerMillisMedian,
                         double duplicateShare, double invalidShare, double lateShare) {

        @JsonProperty
        public double invocationsPerEvent() {
            return (double) invocations / events;
        }

        @JsonProperty
        public double putRequestsPerEvent() {
            return (double) putRequests / events;
        }

        @JsonProperty
        public double storedBytesPerEvent() {
            return (double) storedBytes / events;
        }

        @JsonProperty
        public double rawBytesPerEvent() {
            return (double) rawBytes / events;
        }

        @JsonProperty
        public double meanRecordsPerInvocation() {
            return (double) events / invocations;
        }
    }

    private ArchiveCostSection() {
    }

    public static Result run(SuiteSize size, PrintStream progress) {
        int count = size.isQuick() ? 120_000 : 600_000;
        double duplicates = 0.01;
        double late = 0.005;
        double invalid = 0.005;
        // The generator's own timing is replaced below by a steady rate; only the events and their faults are used.
        GeneratorSettings g = GeneratorSettings.defaults(7).withUsers(50_000).withCount(count).withFaults(duplicates, 0.0, late, invalid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TrafficGenerator(g).writeTo(out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();

        // A steady stream: one record a millisecond, each on its partition key's shard.
        Instant start = g.start();
        List<List<SourceRecord>> shards = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            shards.add(new ArrayList<>());
        }
        long rawBytes = 0;
        for (int i = 0; i < lines.size(); i++) {
            byte[] data = lines.get(i).getBytes(StandardCharsets.UTF_8);
            rawBytes += data.length;
            int shard = KinesisSharding.shardIndex(PartitionKeys.of(data), SHARDS);
            List<SourceRecord> records = shards.get(shard);
            records.add(new SourceRecord(KinesisSharding.shardId(shard), String.format("4959%052d", i + 1), PartitionKeys.of(data), data,
                    start.plusMillis(i * 1000L / EVENTS_PER_SECOND)));
        }

        EventSourceSettings mapping = EventSourceSettings.forArchive();
        CountingStore store = new CountingStore();
        ArchiveHandler archiver = new ArchiveHandler(store, "tidemark", StreamShards.NONE, new JsonLog("ArchiveHandler", new PrintStream(new ByteArrayOutputStream())).quiet());
        List<Double> millis = new ArrayList<>();
        long largestPayload = 0;
        String streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/tidemark";
        int emptyEvent = LambdaEvents.kinesisEventJson(List.of(), streamArn, "us-east-1", "archiver").toString().length();
        for (List<SourceRecord> records : shards) {
            List<SourceRecord> batch = new ArrayList<>();
            long payload = emptyEvent;
            for (SourceRecord r : records) {
                long entry = LambdaEvents.kinesisEventJson(List.of(r), streamArn, "us-east-1", "archiver").toString().length() - emptyEvent + 1;
                boolean windowOver = !batch.isEmpty()
                        && Duration.between(batch.get(0).arrival(), r.arrival()).compareTo(mapping.maximumBatchingWindow()) >= 0;
                if (!batch.isEmpty() && (batch.size() == mapping.batchSize() || payload + entry > MAX_PAYLOAD_BYTES || windowOver)) {
                    largestPayload = Math.max(largestPayload, invoke(archiver, batch, streamArn, millis));
                    batch = new ArrayList<>();
                    payload = emptyEvent;
                }
                batch.add(r);
                payload += entry;
            }
            if (!batch.isEmpty()) { // the window closes on the last batch
                largestPayload = Math.max(largestPayload, invoke(archiver, batch, streamArn, millis));
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Result result = new Result(EVENTS_PER_SECOND, SHARDS, mapping.batchSize(), mapping.maximumBatchingWindow().toSeconds(), lines.size(), rawBytes,
                millis.size(), store.puts, store.bytes, largestPayload, sorted[sorted.length / 2], duplicates, invalid, late);
        progress.printf("archive: %,d events, %,d invocations, %,d PUTs, %.1f stored bytes/event, median invocation %.0f ms%n",
                result.events(), result.invocations(), result.putRequests(), result.storedBytesPerEvent(), result.handlerMillisMedian());
        return result;
    }

    /**
     * What the cost model needs of this run: the mapping's limits, PUTs per invocation and stored bytes per event as measured;
     * the billed duration is an allowance ({@value #DURATION_ALLOWANCE_SECONDS} s at {@value #MEMORY_MB} MB), not a measurement.
     */
    public static ArchiveInputs inputs(Result r) {
        return ArchiveInputs.archiver(r.batchSize(), r.batchingWindowSeconds(), (double) r.putRequests() / r.invocations(), DURATION_ALLOWANCE_SECONDS,
                MEMORY_MB, r.storedBytesPerEvent(), "bench/run archive section: " + r.events() + " events at " + r.eventsPerSecond() + " events/s, "
                        + r.invocations() + " invocations, " + r.putRequests() + " PUTs; duration " + DURATION_ALLOWANCE_SECONDS
                        + " s an allowance (median " + Math.round(r.handlerMillisMedian()) + " ms in process here, puts not sent)");
    }

    private static long invoke(ArchiveHandler archiver, List<SourceRecord> batch, String streamArn, List<Double> millis) {
        byte[] document = LambdaEvents.kinesisEventJson(batch, streamArn, "us-east-1", "archiver").toString().getBytes(StandardCharsets.UTF_8);
        var event = LambdaEvents.kinesisEvent(batch, streamArn, "us-east-1", "archiver");
        long began = System.nanoTime();
        archiver.handleRequest(event, null);
        millis.add((System.nanoTime() - began) / 1e6);
        return document.length;
    }

    /** Counts what the archiver puts instead of sending it. */
    private static final class CountingStore implements ArchiveStore {
        long puts;
        long bytes;

        @Override
        public void put(String key, byte[] body) {
            puts++;
            bytes += body.length;
        }

        @Override
        public String location() {
            return "counted";
        }
    }
}
