package io.tidemark.bench.cost;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.bench.input.ShardedInput;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportComparison;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateRetention;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.local.LambdaEvents;
import io.tidemark.local.LocalContext;
import io.tidemark.local.store.InMemoryDatabase;
import io.tidemark.testkit.FileReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One write-cost measurement: a JSON Lines input through Tidemark (the real {@link KinesisHandler}
 * and {@link SweeperHandler} on fresh tables of the embedded store) or through {@link NaivePerEventPipeline}
 * (DynamoDB transactions, on the DynamoDB it is given: moto), at one batch size, then the views read back
 * and compared with the brute-force reference of the file ({@link FileReference}): the cost only counts if
 * exactly-once held. Write units are computed from the items written by DynamoDB's documented rules
 * ({@link io.tidemark.dynamodb.WriteUnits}), deterministic for a given input, since neither store reports
 * what DynamoDB would charge.
 */
public final class WriteCostRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Implementation { TIDEMARK, NAIVE }

    /**
     * @param records          records delivered (every line once)
     * @param acceptedEvents   distinct valid events counted in the views
     * @param writeUnits       write units as DynamoDB charges them, end of input included
     * @param readUnits        read units (reported beside; not part of the target)
     * @param writeRequests    write requests made
     * @param failedConditions conditional writes or transactions that failed their condition (charged)
     * @param firstDifference  where the views differ from the reference, if they do
     * @param byItemKind       Tidemark's write units by item kind, most expensive first (empty for the naive implementation)
     * @param batches          handler invocations (batches delivered)
     * @param handlerSeconds   wall time inside the handler calls only (not the views' read-back or the comparison)
     */
    public record Result(Implementation implementation, int batchSize, int shards, long records, long acceptedEvents, double writeUnits,
                         double readUnits, long writeRequests, long failedConditions, Optional<String> firstDifference, double seconds,
                         List<WritesByItemKind.ItemKind> byItemKind, long batches, double handlerSeconds) {

        public double writeUnitsPerEvent() {
            return writeUnits / acceptedEvents;
        }

        public boolean exactlyOnce() {
            return firstDifference.isEmpty();
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * The wall clock of every measured run. Fixed, because DynamoDB sizes a number by its significant digits:
     * the clock's readings kept in state and snapshots would make the units differ by one from run to run.
     */
    static final Clock MEASURED_AT = Clock.fixed(Instant.parse("2026-12-05T06:28:15.347Z"), ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final Report reference;
    private final List<String> lines;

    /** @param dynamo where the naive implementation's table goes (moto); Tidemark runs on the embedded store */
    public WriteCostRun(DynamoDbClient dynamo, List<String> lines) {
        this.dynamo = dynamo;
        this.lines = List.copyOf(lines);
        this.reference = FileReference.of(this.lines, PipelineConfig.defaults().eventTime());
    }

    public Report reference() {
        return reference;
    }

    public Result run(Implementation implementation, int batchSize, int shards) {
        long started = System.nanoTime();
        String prefix = "cost" + RUNS.incrementAndGet() + "-" + implementation.name().toLowerCase() + "-b" + batchSize;
        WriteMeter meter = new WriteMeter();
        Report report;
        WriteMeter.Units units;
        List<WritesByItemKind.ItemKind> byItemKind = List.of();
        long[] batches = {0};
        long[] handlerNanos = {0};
        if (implementation == Implementation.TIDEMARK) {
            PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix).withEventSource(batchSize(batchSize));
            WritesByItemKind kinds = WritesByItemKind.around(new InMemoryDatabase().items(TableNames.forPrefix(prefix), meter));
            kinds.createTables();
            StateStore store = StateStore.on(kinds, StateRetention.defaults());
            StepExecutor executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()));
            JsonLog quiet = JsonLog.stdout("bench").quiet();
            KinesisHandler handler = new KinesisHandler(executor, new JsonEventDecoder(), MEASURED_AT, BusinessMetrics.NONE, quiet);
            SweeperHandler sweeper = new SweeperHandler(executor, config, MEASURED_AT, BusinessMetrics.NONE, quiet);
            LocalContext context = new LocalContext("tidemark-kinesis-handler", Duration.ofMinutes(15).toMillis());
            ShardedInput.feed(lines, shards, batchSize, MEASURED_AT.instant(), (shard, batch) -> {
                var event = LambdaEvents.kinesisEvent(batch, "arn:aws:kinesis:us-east-1:000000000000:stream/bench", "us-east-1",
                        "arn:aws:iam::000000000000:role/bench");
                long t0 = System.nanoTime();
                StreamsEventResponse response = handler.handleRequest(event, context);
                handlerNanos[0] += System.nanoTime() - t0;
                batches[0]++;
                if (response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("the Kinesis handler failed a batch of " + shard + " at "
                            + response.getBatchItemFailures().get(0).getItemIdentifier() + ": a benchmark input must process cleanly");
                }
            });
            sweeper.endOfInput();
            units = meter.snapshot();
            byItemKind = kinds.kinds();
            report = new ReportReader(store, ViewSettings.spec()).read();
        } else {
            NaiveTable table = NaiveTable.create(dynamo, prefix + "-naive");
            NaivePerEventPipeline naive = new NaivePerEventPipeline(dynamo, table,
                    PipelineConfig.defaults().eventTime(), meter);
            ShardedInput.feed(lines, shards, batchSize, MEASURED_AT.instant(), (shard, batch) -> {
                long t0 = System.nanoTime();
                naive.processBatch(shard, batch);
                handlerNanos[0] += System.nanoTime() - t0;
                batches[0]++;
            });
            naive.endOfInput();
            units = meter.snapshot();
            report = naive.report();
            dynamo.deleteTable(b -> b.tableName(table.name())); // the emulator holds every table in memory
        }
        return new Result(implementation, batchSize, shards, lines.stream().filter(l -> !l.isBlank()).count(), report.counts().accepted(),
                units.writeUnits(), units.readUnits(), units.writeRequests(), units.failedConditions(),
                firstDifference(implementation, reference, report),
                (System.nanoTime() - started) / 1e9, byItemKind, batches[0], handlerNanos[0] / 1e9);
    }

    /**
     * The first place the views differ from the reference, compared as {@code tidemark query all --json} and
     * {@code tidemark replay} compare them; the joins are left out for the naive implementation, which does not compute them.
     */
    private static Optional<String> firstDifference(Implementation implementation, Report reference, Report report) {
        ObjectNode expected = tree(reference);
        ObjectNode actual = tree(report);
        if (implementation == Implementation.NAIVE) {
            for (String join : List.of("ad_attribution", "revenue_per_hour_by_tier")) {
                expected.remove(join);
                actual.remove(join);
            }
        }
        return ReportComparison.compare(actual, expected, Timestamps.POSITIVE_INFINITY).differences().stream().findFirst().map(Object::toString);
    }

    /** The first place {@code report}'s views differ from {@code reference}'s (every view and join), if they do. */
    public static Optional<String> firstDifference(Report reference, Report report) {
        return ReportComparison.compare(tree(report), tree(reference), Timestamps.POSITIVE_INFINITY).differences().stream().findFirst()
                .map(Object::toString);
    }

    private static ObjectNode tree(Report report) {
        try {
            return (ObjectNode) JSON.readTree(ReportJson.toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default event-source settings at batch size {@code size}. */
    static EventSourceSettings batchSize(int size) {
        EventSourceSettings d = EventSourceSettings.defaults();
        return new EventSourceSettings(size, d.maximumBatchingWindow(), d.startingPosition(), d.reportBatchItemFailures(),
                d.bisectBatchOnFunctionError(), d.maximumRetryAttempts(), d.maximumRecordAge(), d.parallelizationFactor());
    }
}
