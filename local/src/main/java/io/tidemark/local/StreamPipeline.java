package io.tidemark.local;

import io.tidemark.aws.KinesisShardListing;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.handlers.AlertPublisherHandler;
import io.tidemark.handlers.AlertSink;
import io.tidemark.handlers.ArchiveHandler;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.archive.ArchiveStore;
import io.tidemark.config.EventSourceSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deployed topology, run on this machine against any Kinesis and DynamoDB endpoints (the
 * Docker-free emulators, LocalStack, AWS): the Kinesis event source mapping feeding
 * {@link KinesisHandler}, the sweeper on a schedule, and the alerts table's stream feeding
 * {@link AlertPublisherHandler}. Each handler is its own instance, as each Lambda function has
 * its own containers.
 */
public final class StreamPipeline implements AutoCloseable {

    /**
     * @param kinesis       where the stream is
     * @param stream        stream name
     * @param dynamo        where the tables are (created if missing)
     * @param streams       DynamoDB Streams of that endpoint
     * @param config        event-source and event-time settings, table prefix
     * @param alerts        where alerts go (SNS, or printed)
     * @param failures      the Kinesis mapping's on-failure destination
     * @param sweepInterval how often the sweeper runs (EventBridge: every minute)
     * @param handlerLog    where the handlers' JSON log lines go
     * @param verbose       include the handlers' INFO lines (one per batch)
     * @param archive       where the archiver writes the event archive (null: no archive — in AWS the stack's
     *                      archiver function has its own mapping on the stream)
     */
    public record Options(KinesisClient kinesis, String stream, DynamoDbClient dynamo, DynamoDbStreamsClient streams,
                          PipelineConfig config, AlertSink alerts, FailureDestination failures, Duration sweepInterval, Clock clock,
                          PrintStream handlerLog, boolean verbose, ArchiveStore archive) {

        /** Without an archive. */
        public Options(KinesisClient kinesis, String stream, DynamoDbClient dynamo, DynamoDbStreamsClient streams,
                       PipelineConfig config, AlertSink alerts, FailureDestination failures, Duration sweepInterval, Clock clock,
                       PrintStream handlerLog, boolean verbose) {
            this(kinesis, stream, dynamo, streams, config, alerts, failures, sweepInterval, clock, handlerLog, verbose, null);
        }

        public Options {
            Objects.requireNonNull(kinesis, "kinesis");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(dynamo, "dynamo");
            Objects.requireNonNull(streams, "streams");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(alerts, "alerts");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(sweepInterval, "sweepInterval");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(handlerLog, "handlerLog");
        }
    }

    private final KinesisEventSource kinesisSource;
    /** The archiver's own mapping on the stream, or null. */
    private final KinesisEventSource archiveSource;
    private final DynamoDbStreamEventSource alertSource;
    private final SweeperHandler sweeper;
    private final KinesisHandler kinesisHandler;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(KinesisEventSource.daemon("sweeper"));

    private StreamPipeline(Options o) {
        TableNames names = StateTables.createAll(o.dynamo(), o.config().tablePrefix());
        // Separate executors: each Lambda function has its own containers and shard caches.
        this.kinesisHandler = new KinesisHandler(executor(o, names), new JsonEventDecoder(), o.clock(), BusinessMetrics.NONE,
                log("KinesisHandler", o));
        this.sweeper = new SweeperHandler(executor(o, names), o.config(), o.clock(), BusinessMetrics.NONE, log("SweeperHandler", o));
        String streamArn = o.kinesis().describeStreamSummary(b -> b.streamName(o.stream())).streamDescriptionSummary().streamARN();
        KinesisHandlerInvocation invocation = new KinesisHandlerInvocation(kinesisHandler,
                o.config().eventSource().reportBatchItemFailures(), streamArn, "us-east-1", "tidemark-kinesis-handler", Duration.ofMinutes(1));
        this.kinesisSource = new KinesisEventSource(o.kinesis(), o.stream(), o.config().eventSource(), invocation, o.failures(), o.clock());
        String alertsStream = o.dynamo().describeTable(b -> b.tableName(names.of(Table.ALERTS))).table().latestStreamArn();
        this.alertSource = new DynamoDbStreamEventSource(o.streams(), alertsStream, o.config().eventSource(),
                new AlertPublisherHandler(o.alerts(), BusinessMetrics.NONE, log("AlertPublisherHandler", o)), o.clock());
        if (o.archive() != null) {
            // The archiver's own mapping: its large batches, independent of the Kinesis handler's. Its batching
            // window here is the pipeline's, not the deployed five minutes, so that a local run's archive keeps up.
            EventSourceSettings archiving = EventSourceSettings.forArchive().withBatchingWindow(o.config().eventSource().maximumBatchingWindow());
            ArchiverInvocation archiver = new ArchiverInvocation(new ArchiveHandler(o.archive(), o.stream(), listing(o.kinesis(), o.stream()),
                    log("ArchiveHandler", o)), streamArn,
                    "tidemark-archiver", Duration.ofMinutes(5));
            this.archiveSource = new KinesisEventSource(o.kinesis(), o.stream(), archiving, archiver,
                    (batch, condition, invokes, error) -> o.handlerLog().println("archiving failed for " + batch.size()
                            + " records of " + batch.get(0).shardId() + ": " + error), o.clock());
            archiveSource.start();
        } else {
            this.archiveSource = null;
        }
        kinesisSource.start();
        alertSource.start();
        long every = o.sweepInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private static StepExecutor executor(Options o, TableNames names) {
        return executor(o.kinesis(), o.stream(), StateStore.create(o.dynamo(), names), o.config());
    }

    /** A Kinesis handler's executor on {@code store}, learning a reshard's lineage from the stream as the deployed handler does. */
    public static StepExecutor executor(KinesisClient client, String stream, StateStore store, PipelineConfig config) {
        return StepExecutor.forPipeline(store, config, listing(client, stream));
    }

    /** The same ListShards the deployed handlers make: a reshard's lineage is learned as in Lambda. */
    private static StreamShards listing(KinesisClient client, String stream) {
        var kinesis = client.serviceClientConfiguration();
        return new KinesisShardListing(stream, kinesis.endpointOverride(), kinesis.region(), kinesis.credentialsProvider())::list;
    }

    private static JsonLog log(String handler, Options o) {
        JsonLog log = new JsonLog(handler, o.handlerLog());
        return o.verbose() ? log : log.quiet();
    }

    /** Creates the tables if needed and starts polling. */
    public static StreamPipeline start(Options options) {
        return new StreamPipeline(options);
    }

    public KinesisEventSource kinesisSource() {
        return kinesisSource;
    }

    /** The archive's consumer of the stream, if an archive is set. */
    public java.util.Optional<KinesisEventSource> archiveSource() {
        return java.util.Optional.ofNullable(archiveSource);
    }

    public DynamoDbStreamEventSource alertSource() {
        return alertSource;
    }

    public KinesisHandler kinesisHandler() {
        return kinesisHandler;
    }

    /** A bounded input is over: the watermark goes to +∞ (every window final, every cart timer fired). */
    public void endOfInput() {
        sweeper.endOfInput();
    }

    /** Runs the sweeper now (what EventBridge does every minute). */
    public void sweep() {
        sweeper.sweep();
    }

    private void sweepQuietly() {
        try {
            sweeper.sweep();
        } catch (RuntimeException e) {
            System.err.println("sweeper: " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        schedule.shutdownNow();
        kinesisSource.close();
        if (archiveSource != null) {
            archiveSource.close();
        }
        alertSource.close();
        schedule.awaitTermination(10, TimeUnit.SECONDS);
    }
}
