package io.tidemark.local;

import io.tidemark.archive.ArchiveFormat;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.CustomerTable;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.handlers.AlertPublisherHandler;
import io.tidemark.handlers.AlertSink;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.local.archive.ArchiveWriter;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The pipeline of {@code tidemark local} and {@code tidemark replay}: no Kinesis, the real handlers.
 * Records are fed in arrival order, in rounds: each round takes the next {@code batchSize} records
 * and invokes every shard with its part, through the same batching and failure handling as
 * Lambda's event source mapping ({@link BatchInvoker}). Small rounds keep the shards abreast of
 * each other, as concurrently polled shards are, so the global watermark (the slowest shard's)
 * lags the stream by at most one round. Deterministic for a given input.
 * <p>
 * Two ways in: {@link #accept(String, byte[])} is a new record on an in-process stream (sharded like
 * Kinesis, MD5 of the partition key over {@code shards} equal hash-key ranges, given a sequence
 * number, and archived if an archive is set); {@link #accept(SourceRecord)} is a record read back
 * from a log, fed to the shard and position it had. Alerts travel through the alerts table's stream
 * to {@link AlertPublisherHandler}, as deployed, when a relay is set; without one they are only
 * recorded in the alerts table (a replay publishes nothing).
 */
public final class LocalPipeline implements AutoCloseable {

    private final PipelineConfig config;
    private final InProcessStream stream;
    private final Clock clock;
    private final KinesisHandlerInvocation invocation;
    private final SweeperHandler sweeper;
    private final DynamoDbStreamEventSource alertSource;
    /** The in-process stream's name, as its lineage objects in the archive give it. */
    private static final String ARCHIVED_STREAM = "local";
    private final ArchiveWriter archive;
    private final FailureDestination.InMemory failures = new FailureDestination.InMemory();
    private final ReportReader reader;
    private final TableNames tables;
    private final StateStore store;
    /** Records of the current round per shard id, with the time each was fed (their age for the mapping). */
    private final Map<String, List<Fed>> pending = new TreeMap<>();
    private long recordsFed;
    private long roundFed;
    private final BatchInvoker.Stats stats = new BatchInvoker.Stats();

    private record Fed(SourceRecord record, Instant at) {
    }

    private LocalPipeline(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.archive = b.archive;
        this.stream = new InProcessStream(b.shards, clock.millis());
        if (archive != null) {
            archive.lineage(ARCHIVED_STREAM, stream.lineages());
        }
        this.tables = TableNames.forPrefix(config.tablePrefix());
        b.state.items(tables, new WriteMeter()).createTables();
        // The customers table is reference data: a replay into new tables reads the live one (Builder.customersTable).
        this.store = StateStore.on(b.state.items(b.customersTable == null ? tables : tables.with(Table.CUSTOMERS, b.customersTable),
                new WriteMeter()));
        // A replay learns a resharded log's lineage from the live tables; the in-process stream knows its own.
        StreamShards lineage = b.streamShards != StreamShards.NONE ? b.streamShards : stream::lineages;
        StepExecutor executor = StepExecutor.forPipeline(store, config, lineage);
        KinesisHandler handler = new KinesisHandler(executor, new JsonEventDecoder(), clock, BusinessMetrics.NONE,
                log("KinesisHandler", b.handlerLog, b.verbose));
        this.invocation = new KinesisHandlerInvocation(handler, config.eventSource().reportBatchItemFailures(),
                "arn:aws:kinesis:us-east-1:000000000000:stream/local", "us-east-1", "tidemark-kinesis-handler", Duration.ofMinutes(15));
        this.sweeper = new SweeperHandler(executor, config, clock, BusinessMetrics.NONE, log("SweeperHandler", b.handlerLog, b.verbose));
        this.reader = new ReportReader(StateStore.on(b.state.items(tables, new WriteMeter())), ViewSettings.spec());
        if (b.alerts != null) {
            String alerts = tables.of(Table.ALERTS);
            this.alertSource = new DynamoDbStreamEventSource(b.state.changes(alerts), b.state.streamArn(alerts), config.eventSource(),
                    new AlertPublisherHandler(b.alerts, BusinessMetrics.NONE, log("AlertPublisherHandler", b.handlerLog, b.verbose)), clock)
                    .start();
        } else {
            this.alertSource = null;
        }
    }

    /** Loads customer profiles into the pipeline's customers table (before the records that need them). */
    public CustomerTable.LoadStats loadCustomers(List<Customer> customers) {
        return store.customers().load(customers.iterator(), clock.millis(), n -> { });
    }

    public static Builder builder(StateBackend state, PipelineConfig config) {
        return new Builder(state, config);
    }

    /** A new record on the in-process stream (in arrival order); a full round is processed at once. */
    public void accept(String partitionKey, byte[] data) throws InterruptedException {
        accept(partitionKey, data, clock.instant());
    }

    /** A new record on the in-process stream with the arrival it gets (a bounded file's own clock: {@link BoundedInput}). */
    public void accept(String partitionKey, byte[] data, Instant arrival) throws InterruptedException {
        String shard = stream.shardOf(partitionKey);
        SourceRecord record = new SourceRecord(shard, stream.nextSequenceNumber(shard), partitionKey, data, arrival);
        if (archive != null) {
            archive.write(ArchiveFormat.eventDate(data), List.of(ArchiveFormat.encode(record)));
        }
        feed(record);
    }

    /** The position (from 1) on the in-process stream of a record {@link #accept(String, byte[], Instant)} fed. */
    public static long streamPosition(String sequenceNumber) {
        return InProcessStream.positionOf(sequenceNumber);
    }

    /** A record read back from a log, for the shard and position it had; a full round is processed at once. */
    public void accept(SourceRecord record) throws InterruptedException {
        feed(Objects.requireNonNull(record, "record"));
    }

    private void feed(SourceRecord record) throws InterruptedException {
        pending.computeIfAbsent(record.shardId(), s -> new ArrayList<>()).add(new Fed(record, clock.instant()));
        recordsFed++;
        if (++roundFed >= config.eventSource().batchSize()) {
            flush();
        }
    }

    /**
     * Reshards the in-process stream to {@code shards} open shards (twice or half as many, as
     * {@link InProcessStream#reshard} makes them): what is pending goes to the parents first, whose
     * children then start from the parents' final state.
     */
    public void reshard(int shards) throws InterruptedException {
        flush();
        stream.reshard(shards);
        if (archive != null) {
            archive.lineage(ARCHIVED_STREAM, stream.lineages());
        }
    }

    public int openShards() {
        return stream.openShards();
    }

    /** Invokes every shard with what it has, in batches of the configured size. */
    public void flush() throws InterruptedException {
        roundFed = 0;
        Map<SourceRecord, Instant> fedAt = new java.util.IdentityHashMap<>();
        for (List<Fed> shardRecords : pending.values()) {
            int size = config.eventSource().batchSize();
            for (int from = 0; from < shardRecords.size(); from += size) {
                List<SourceRecord> batch = new ArrayList<>();
                for (Fed f : shardRecords.subList(from, Math.min(shardRecords.size(), from + size))) {
                    batch.add(f.record());
                    fedAt.put(f.record(), f.at());
                }
                // A record's age for the mapping is the time since it entered this feed (a replayed record may be years old).
                BatchInvoker<SourceRecord> invoker = new BatchInvoker<>(config.eventSource(), invocation, failures,
                        fedAt::get, clock, Duration.ofMillis(10));
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

    /** Runs the sweeper (idle shards, due timers). */
    public void sweep() throws InterruptedException {
        sweeper.sweep();
    }

    /** Waits until the publisher has seen every alert recorded so far (at once without a relay). */
    public void awaitAlerts() throws InterruptedException {
        if (alertSource != null && !alertSource.awaitIdle(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the alerts stream did not drain within 30 s");
        }
    }

    /** The views as they are now (docs/spec.md §5 shape). */
    public Report report() {
        return reader.read();
    }

    /** The watermark horizon below which every view is final. */
    public Instant sealedHorizon() {
        long h = reader.sealedHorizon();
        return h == Long.MAX_VALUE ? Instant.MAX : h == Long.MIN_VALUE ? Instant.MIN : Instant.ofEpochMilli(h);
    }

    public TableNames tables() {
        return tables;
    }

    /** The rejected and late records so far, with their reasons and bytes. */
    public Quarantine quarantine() {
        return store.quarantine();
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
        if (alertSource != null) {
            alertSource.close();
        }
        if (archive != null) {
            archive.close();
        }
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

    /** Options of a {@link LocalPipeline}; only where the tables are and the settings are required. */
    public static final class Builder {
        private final StateBackend state;
        private final PipelineConfig config;
        private AlertSink alerts;
        private int shards = 2;
        private Clock clock = Clock.systemUTC();
        private PrintStream handlerLog = System.err;
        private boolean verbose;
        private ArchiveWriter archive;
        private String customersTable;
        private StreamShards streamShards = StreamShards.NONE;

        private Builder(StateBackend state, PipelineConfig config) {
            this.state = Objects.requireNonNull(state, "state");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Relay recorded alerts from the alerts table's stream to {@code sink}, as the deployed publisher does. */
        public Builder relayAlerts(AlertSink sink) {
            this.alerts = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Shards of the in-process stream ({@link #accept(String, byte[])}); default 2. */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the handlers' JSON log lines go; their INFO lines only with {@code verbose}. */
        public Builder handlerLog(PrintStream out, boolean verbose) {
            this.handlerLog = Objects.requireNonNull(out, "out");
            this.verbose = verbose;
            return this;
        }

        /** Archive every record of the in-process stream (closed with the pipeline). */
        public Builder archive(ArchiveWriter writer) {
            this.archive = writer;
            return this;
        }

        /** Enrich purchases from this customers table instead of the one of the pipeline's prefix. */
        public Builder customersTable(String tableName) {
            this.customersTable = Objects.requireNonNull(tableName, "tableName");
            return this;
        }

        /** Where a reshard's lineage is learned (a replay of a resharded stream: the live pipeline's kept lineage); none by default. */
        public Builder streamShards(StreamShards shards) {
            this.streamShards = Objects.requireNonNull(shards, "shards");
            return this;
        }

        public LocalPipeline build() {
            return new LocalPipeline(this);
        }
    }
}
