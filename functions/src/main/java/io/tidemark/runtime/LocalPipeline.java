package io.tidemark.runtime;

import io.tidemark.config.PipelineConfig;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.state.StepExecutor;
import io.tidemark.core.report.Report;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.handlers.AlertPublisherHandler;
import io.tidemark.handlers.AlertSink;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.core.enrich.Customer;
import io.tidemark.state.CustomerTable;
import io.tidemark.state.ReportReader;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateTables;
import io.tidemark.state.Table;
import io.tidemark.state.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline of {@code tidemark local}: no Kinesis, the real handlers. Records are sharded
 * like Kinesis (MD5 of the partition key over {@code shards} equal hash-key ranges) and fed in
 * arrival order, in rounds: each round takes the next {@code batchSize} records and invokes every
 * shard with its part, through the same batching and failure handling as Lambda's event source
 * mapping ({@link BatchInvoker}). Small rounds keep the shards abreast of each other, as
 * concurrently polled shards are, so the global watermark (the slowest shard's) lags the stream
 * by at most one round. Deterministic for a given input. Alerts travel
 * through the alerts table's stream to {@link AlertPublisherHandler}, as deployed.
 */
public final class LocalPipeline implements AutoCloseable {

    private final PipelineConfig config;
    private final int shardCount;
    private final Clock clock;
    private final KinesisHandlerInvocation invocation;
    private final SweeperHandler sweeper;
    private final DynamoDbStreamEventSource alertSource;
    private final FailureDestination.InMemory failures = new FailureDestination.InMemory();
    private final ReportReader reader;
    private final StateStore store;
    private final List<List<SourceRecord>> pending = new ArrayList<>();
    private final long[] sequence;
    private long recordsFed;
    private final BatchInvoker.Stats stats = new BatchInvoker.Stats();

    /**
     * @param handlerLog where the handlers' JSON log lines go (their INFO lines only with {@code verbose})
     */
    public LocalPipeline(DynamoDbClient dynamo, DynamoDbStreamsClient streams, PipelineConfig config, AlertSink alerts, int shards,
                         Clock clock, PrintStream handlerLog, boolean verbose) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be ≥ 1, got " + shards);
        }
        this.config = config;
        this.shardCount = shards;
        this.clock = clock;
        TableNames names = StateTables.createAll(dynamo, config.tablePrefix());
        this.store = StateStore.create(dynamo, names);
        StepExecutor executor = StepExecutor.forPipeline(store, config);
        KinesisHandler handler = new KinesisHandler(executor, new JsonEventDecoder(), clock, BusinessMetrics.NONE,
                log("KinesisHandler", handlerLog, verbose));
        this.invocation = new KinesisHandlerInvocation(handler, config.eventSource().reportBatchItemFailures(),
                "arn:aws:kinesis:us-east-1:000000000000:stream/local", "us-east-1", "tidemark-kinesis-handler", Duration.ofMinutes(15));
        this.sweeper = new SweeperHandler(executor, config, clock, BusinessMetrics.NONE, log("SweeperHandler", handlerLog, verbose));
        this.reader = new ReportReader(StateStore.create(dynamo, names), ViewSettings.spec());
        String alertsStream = dynamo.describeTable(b -> b.tableName(names.of(Table.ALERTS))).table().latestStreamArn();
        this.alertSource = new DynamoDbStreamEventSource(streams, alertsStream, config.eventSource(), new AlertPublisherHandler(alerts, BusinessMetrics.NONE, log("AlertPublisherHandler", handlerLog, verbose)), clock)
                .start();
        this.sequence = new long[shards];
        for (int i = 0; i < shards; i++) {
            pending.add(new ArrayList<>());
        }
    }

    /** Loads customer profiles into the pipeline's customers table (before the records that need them). */
    public CustomerTable.LoadStats loadCustomers(List<Customer> customers) {
        return store.customers().load(customers.iterator(), clock.millis(), n -> { });
    }

    /** Adds one record (in arrival order); a full round is processed at once. */
    public void accept(String partitionKey, byte[] data) throws InterruptedException {
        int shard = KinesisSharding.shardIndex(partitionKey, shardCount);
        // Kinesis sequence numbers are long decimal strings that grow along a shard.
        String seq = String.format("4960%04d%020d", shard, ++sequence[shard]);
        pending.get(shard).add(new SourceRecord(KinesisSharding.shardId(shard), seq, partitionKey, data, clock.instant()));
        recordsFed++;
        if (recordsFed % config.eventSource().batchSize() == 0) {
            flush();
        }
    }

    /** Invokes every shard with what it has, in batches of the configured size. */
    public void flush() throws InterruptedException {
        for (List<SourceRecord> shardRecords : pending) {
            int size = config.eventSource().batchSize();
            for (int from = 0; from < shardRecords.size(); from += size) {
                List<SourceRecord> batch = new ArrayList<>(shardRecords.subList(from, Math.min(shardRecords.size(), from + size)));
                BatchInvoker<SourceRecord> invoker = new BatchInvoker<>(config.eventSource(), invocation, failures,
                        SourceRecord::arrival, clock, Duration.ofMillis(10));
                invoker.process(batch);
                add(invoker.stats());
            }
            shardRecords.clear();
        }
    }

    /** The end of a bounded input: process the rest, then the watermark goes to +∞ and every alert is published. */
    public void endOfInput() throws InterruptedException {
        flush();
        sweeper.endOfInput();
        awaitAlerts();
    }

    /** Runs the sweeper (idle shards, due timers), then waits for the alerts it recorded. */
    public void sweep() throws InterruptedException {
        sweeper.sweep();
    }

    /** Waits until the publisher has seen every alert recorded so far. */
    public void awaitAlerts() throws InterruptedException {
        if (!alertSource.awaitIdle(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the alerts stream did not drain within 30 s");
        }
    }

    /** The views as they are now (SPEC §5 shape). */
    public Report report() {
        return reader.read();
    }

    /** The watermark horizon below which every view is final. */
    public Instant sealedHorizon() {
        long h = reader.sealedHorizon();
        return h == Long.MAX_VALUE ? Instant.MAX : h == Long.MIN_VALUE ? Instant.MIN : Instant.ofEpochMilli(h);
    }

    public long recordsFed() {
        return recordsFed;
    }

    public BatchInvoker.Stats stats() {
        return stats;
    }

    /** Batches that exhausted their retries (a record that keeps failing the handler). */
    public FailureDestination.InMemory failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        alertSource.close();
    }

    private static JsonLog log(String handler, PrintStream out, boolean verbose) {
        JsonLog log = new JsonLog(handler, out);
        return verbose ? log : log.quiet();
    }

    private void add(BatchInvoker.Stats s) {
        stats.invocations += s.invocations;
        stats.functionErrors += s.functionErrors;
        stats.partialFailures += s.partialFailures;
        stats.bisections += s.bisections;
        stats.retries += s.retries;
        stats.discardedRecords += s.discardedRecords;
    }
}
