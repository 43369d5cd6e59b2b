package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.WriteMeter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda handler of the Kinesis event source mapping: decode → validate → one core step for the
 * batch's shard → DynamoDB (docs/state.md). Invalid records are quarantined and acknowledged; they
 * never fail the batch. A record whose processing itself fails (the decoder or the core throws) is
 * reported in {@code batchItemFailures} after the records before it are committed, so Lambda's
 * retries and bisection isolate it; an infrastructure error (DynamoDB unavailable, throttled)
 * reports the batch's first record, and the retry redoes the whole batch idempotently.
 */
public final class KinesisHandler implements RequestHandler<KinesisEvent, StreamsEventResponse>, RequestStreamHandler {

    private final StepExecutor executor;
    private final RecordDecoder decoder;
    private final Clock clock;
    private final BusinessMetrics metrics;
    private final JsonLog log;

    /**
     * For Lambda: settings from the environment, one DynamoDB client and shard cache per container.
     * Registers {@link #prime()} as a SnapStart (CRaC) {@code beforeCheckpoint} hook, and primes right
     * away when the container is initialized ahead of traffic (provisioned concurrency).
     */
    public KinesisHandler() {
        this(LambdaRuntime.executor(), new JsonEventDecoder(), Clock.systemUTC(), LambdaRuntime.metrics(), JsonLog.stdout("KinesisHandler"));
        LambdaRuntime.beforeSnapshot(this::prime);
        if (LambdaRuntime.initializedAheadOfTraffic()) {
            prime();
        }
    }

    /** For the local runner: tables {@code <prefix>-…} of {@code config}, no business metrics. */
    public KinesisHandler(DynamoDbClient dynamo, PipelineConfig config, Clock clock) {
        this(StepExecutor.forPipeline(StateStore.create(dynamo, TableNames.forPrefix(config.tablePrefix())), config),
                new JsonEventDecoder(), clock, BusinessMetrics.NONE, JsonLog.stdout("KinesisHandler"));
    }

    /** Everything given (tests, benchmarks; share {@code executor} with a {@link SweeperHandler} to share its shard cache). */
    public KinesisHandler(StepExecutor executor, RecordDecoder decoder, Clock clock, BusinessMetrics metrics, JsonLog log) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
        executor.onHandOver(handOver -> {
            log.info("shards handed over", "parents", handOver.parents(), "children", handOver.children(),
                    "writeUnits", handOver.cost().writeUnits(), "readUnits", handOver.cost().readUnits());
            metrics.shardsHandedOver(handOver);
        });
    }

    public StepExecutor executor() {
        return executor;
    }

    /**
     * Loads what the first batch needs — the classes of decoding, validation, the core step and the
     * codecs, the DynamoDB client's connection (one read of the head rows) — without writing
     * anything. SnapStart calls it before the snapshot; elsewhere call it during initialization.
     */
    public void prime() {
        Priming.prime(decoder, executor);
    }

    /** Capacity units of every DynamoDB request this handler's adapters made. */
    public WriteMeter meter() {
        return executor.store().meter();
    }

    /**
     * What Lambda calls ({@code KinesisHandler::handleRequest}: of the overloads, the runtime client takes the one with the
     * most parameters): the event read and the response written by {@link KinesisEventJson}, which spares the cold start the
     * runtime client's reflective serialization. Same event, same response as {@link #handleRequest(KinesisEvent, Context)}.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        KinesisEventJson.write(handleRequest(KinesisEventJson.read(event), context), response);
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        return log.withInvocation(context, () -> handle(event));
    }

    private StreamsEventResponse handle(KinesisEvent event) {
        List<KinesisEvent.KinesisEventRecord> all = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        // A mapping's batch holds one shard; group anyway, so a hand-made event cannot mix shards.
        Map<String, List<KinesisEvent.KinesisEventRecord>> byShard = new LinkedHashMap<>();
        for (KinesisEvent.KinesisEventRecord r : all) {
            byShard.computeIfAbsent(shardOf(r), s -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<KinesisEvent.KinesisEventRecord>> e : byShard.entrySet()) {
            String failed = processShard(e.getKey(), e.getValue());
            if (failed != null) {
                failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(failed).build());
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Processes one shard's records; returns the sequence number to report as failed, or null. */
    private String processShard(String shardId, List<KinesisEvent.KinesisEventRecord> batch) {
        List<StreamRecord> records = new ArrayList<>(batch.size());
        int failedAt = -1;
        Throwable failure = null;
        for (int i = 0; i < batch.size(); i++) {
            try {
                records.add(record(batch.get(i).getKinesis()));
            } catch (RuntimeException | StackOverflowError bug) {
                failedAt = i;
                failure = bug;
                break;
            }
        }
        long now = clock.millis();
        try {
            if (!records.isEmpty()) {
                step(shardId, records, now);
            }
        } catch (SdkException infrastructure) {
            log.error("batch failed on DynamoDB; the whole batch will be retried", infrastructure, "shard", shardId,
                    "firstSequenceNumber", batch.get(0).getKinesis().getSequenceNumber(),
                    "lastSequenceNumber", batch.get(batch.size() - 1).getKinesis().getSequenceNumber(), "records", batch.size());
            return batch.get(0).getKinesis().getSequenceNumber();
        } catch (RuntimeException bug) {
            int culprit = executor.firstFailingRecord(shardId, records, now);
            log.error("processing failed", bug, "shard", shardId, "sequenceNumber", culprit < 0 ? null : records.get(culprit).sequenceNumber());
            if (culprit <= 0) {
                return batch.get(0).getKinesis().getSequenceNumber();
            }
            try {
                step(shardId, records.subList(0, culprit), now);
            } catch (RuntimeException again) {
                log.error("committing the records before the failing one failed too", again, "shard", shardId);
                return batch.get(0).getKinesis().getSequenceNumber();
            }
            return records.get(culprit).sequenceNumber();
        }
        if (failedAt >= 0) {
            log.error("decoding failed (a processing failure, not an invalid record): reported for retry and bisection", failure,
                    "shard", shardId, "sequenceNumber", batch.get(failedAt).getKinesis().getSequenceNumber());
            return batch.get(failedAt).getKinesis().getSequenceNumber();
        }
        return null;
    }

    /**
     * Takes in again the records of a failed batch, re-read from the stream, on the shard that owns their keys
     * now (docs/operations.md): one redrive step, judged and counted like any ({@code ShardProcessor.prepare}).
     * Not committed when that shard took the batch in before. Failures are thrown: the caller keeps the batch.
     */
    public StepExecutor.Outcome redrive(String shardId, String batch, List<KinesisEvent.KinesisEventRecord> records) {
        List<StreamRecord> decoded = new ArrayList<>(records.size());
        records.forEach(r -> decoded.add(record(r.getKinesis())));
        return step(StepExecutor.StepRequest.redrive(shardId, batch, decoded, clock.millis()));
    }

    private StreamRecord record(KinesisEvent.Record k) {
        byte[] data = bytes(k.getData());
        long arrival = k.getApproximateArrivalTimestamp() == null ? 0 : k.getApproximateArrivalTimestamp().getTime();
        String key = k.getPartitionKey() == null ? "" : k.getPartitionKey();
        RecordDecoder.Decoded decoded = decoder.decode(data);
        return decoded instanceof RecordDecoder.Valid v ? StreamRecord.valid(k.getSequenceNumber(), key, arrival, v.event(), data)
                : StreamRecord.rejected(k.getSequenceNumber(), key, arrival, ((RecordDecoder.Invalid) decoded).problems(), data);
    }

    private void step(String shardId, List<StreamRecord> records, long now) {
        step(StepExecutor.StepRequest.records(shardId, records, now));
    }

    private StepExecutor.Outcome step(StepExecutor.StepRequest request) {
        StepExecutor.Outcome o = executor.run(request);
        metrics.stepCompleted(o);
        String shardId = request.shardId();
        List<StreamRecord> records = request.records();
        if (o.committed()) {
            var c = o.effects().counts();
            log.info("batch committed", "shard", shardId, "redrive", request.redrive(), "step", o.effects().step(),
                    "firstSequenceNumber", first(records), "lastSequenceNumber", last(records), "records", records.size(), "accepted", c.accepted(),
                    "duplicates", c.duplicates(), "rejected", c.rejected(), "late", c.late(), "skipped", c.skipped(),
                    "alerts", o.newAlerts().size(), "attempts", o.attempts(), "writeUnits", o.cost().writeUnits(),
                    "readUnits", o.cost().readUnits(), "writeUnitsPerRecord", o.cost().writeUnits() / records.size());
        } else {
            log.info("batch already applied (retry or replay): nothing written", "shard", shardId, "redrive", request.redrive(),
                    "firstSequenceNumber", first(records), "lastSequenceNumber", last(records), "records", records.size(),
                    "readUnits", o.cost().readUnits());
        }
        return o;
    }

    private static String first(List<StreamRecord> records) {
        return records.isEmpty() ? null : records.get(0).sequenceNumber();
    }

    private static String last(List<StreamRecord> records) {
        return records.isEmpty() ? null : records.get(records.size() - 1).sequenceNumber();
    }

    /** The shard id from a record's event id ({@code shardId-000000000000:4959…}). */
    static String shardOf(KinesisEvent.KinesisEventRecord r) {
        String id = r.getEventID();
        if (id != null) {
            int colon = id.indexOf(':');
            if (colon > 0) {
                return id.substring(0, colon);
            }
        }
        throw new IllegalArgumentException("Kinesis record without an eventID of the form shardId-…:sequenceNumber: " + id);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
