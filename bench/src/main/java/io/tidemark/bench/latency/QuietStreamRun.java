package io.tidemark.bench.latency;

import io.tidemark.bench.cost.WriteCostRun;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.DynamoDbItemStore;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateRetention;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.events.EventJson;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.handlers.SweeperHandler;
import io.tidemark.local.BatchInvoker;
import io.tidemark.local.FailureDestination;
import io.tidemark.local.KinesisEventSource;
import io.tidemark.local.KinesisHandlerInvocation;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.Endpoints;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A quiet stream at one latency budget: generated e-commerce traffic sent to a one-shard stream of the emulators at a
 * steady rate (12 records/s by default), read by the local Kinesis event source mapping with the batching window the
 * budget gives ({@code EventSourceSettings.batchingWindowFor}), handled by the real {@link KinesisHandler} on moto's
 * DynamoDB, the sweeper every minute as EventBridge runs it. Measures, per record, the time from its {@code PutRecords}
 * acknowledgement to the return of the handler invocation that applied it (its page rows are written before the handler
 * returns, so a reader could see the view by then), the write units of the whole run (computed by DynamoDB's rules, since
 * moto reports a flat 1.0), the batch sizes the window gathered, and whether the views read back equal the reference of
 * the records sent.
 * <p>
 * The traffic is the seeded generator's (visits, carts, ads, purchases; no duplicates or faults) delivered in its arrival
 * order at the wall-clock rate; its event time runs about ten times faster than the wall clock (1 000 users make about
 * 1.2 events per second of event time), so sessions close and carts are abandoned within minutes of the run.
 */
public final class QuietStreamRun {

    /**
     * @param ratePerSecond records per second
     * @param duration      how long the producer sends
     * @param latencyBudget the deployment's latency budget (the batching window is the budget less 1 s)
     * @param seed          the generator's seed
     */
    public record Settings(int ratePerSecond, Duration duration, Duration latencyBudget, long seed) {
        public int records() {
            return (int) (ratePerSecond * duration.toSeconds());
        }
    }

    /**
     * @param latencyMicros        per applied record, PutRecords acknowledged → its handler invocation returned
     * @param writeUnits           write units of the run, end of input included
     * @param liveWriteUnits       write units until the stream was drained, before the end of input
     * @param batches              handler invocations with records
     * @param meanBatch            records per invocation
     * @param firstDifference      where the views differ from the reference, if they do
     */
    public record Result(Settings settings, Duration batchingWindow, long records, long acceptedEvents, long[] latencyMicros, long unapplied,
                         double writeUnits, double liveWriteUnits, double readUnits, long batches, double meanBatch, double achievedRate,
                         Optional<String> firstDifference) {
    }

    private static final long TICK_NANOS = 20_000_000L;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Endpoints endpoints;

    public QuietStreamRun(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    public Result run(Settings s, PrintStream progress) throws InterruptedException {
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        String name = "quiet-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        PipelineConfig defaults = PipelineConfig.defaults();
        PipelineConfig config = defaults.withTablePrefix(name).withEventSource(defaults.eventSource().withLatencyBudget(s.latencyBudget()));
        List<String> lines = traffic(s);
        WriteMeter meter = new WriteMeter();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try (KinesisClient kinesis = clients.kinesis(); DynamoDbClient dynamo = clients.dynamoDb()) {
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            LatencyRun.awaitActive(kinesis, name);
            TableNames names = StateTables.createAll(dynamo, config.tablePrefix());
            StateStore store = StateStore.on(new DynamoDbItemStore(dynamo, names, meter, DynamoDbItemStore.Capacity.COMPUTED), StateRetention.defaults());
            Clock clock = Clock.systemUTC();
            // Separate executors, as the two functions have their own containers.
            KinesisHandler handler = new KinesisHandler(StreamPipeline.executor(kinesis, name, store, config), new JsonEventDecoder(), clock,
                    BusinessMetrics.NONE, new JsonLog("KinesisHandler", discard).quiet());
            SweeperHandler sweeper = new SweeperHandler(StreamPipeline.executor(kinesis, name, store, config), config, clock, BusinessMetrics.NONE,
                    new JsonLog("SweeperHandler", discard).quiet());
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
            KinesisHandlerInvocation invocation = new KinesisHandlerInvocation(handler, true, streamArn, "us-east-1", "tidemark-kinesis-handler",
                    Duration.ofMinutes(1));
            Map<String, Long> appliedAt = new ConcurrentHashMap<>();
            List<Integer> batchSizes = new CopyOnWriteArrayList<>();
            BatchInvoker.Invocation<SourceRecord> timed = batch -> {
                BatchInvoker.Outcome outcome = invocation.invoke(batch);
                long returned = System.nanoTime();
                int applied = outcome instanceof BatchInvoker.Outcome.PartialFailure p ? p.firstFailed()
                        : outcome instanceof BatchInvoker.Outcome.Success ? batch.size() : 0;
                for (int i = 0; i < applied; i++) {
                    appliedAt.putIfAbsent(batch.get(i).sequenceNumber(), returned);
                }
                batchSizes.add(batch.size());
                return outcome;
            };
            FailureDestination.InMemory failures = new FailureDestination.InMemory();
            ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
            Map<String, Long> acked = new ConcurrentHashMap<>();
            long sendStart;
            long sendEnd;
            double liveUnits;
            try (KinesisEventSource source = new KinesisEventSource(kinesis, name, config.eventSource(), timed, failures, clock).start()) {
                schedule.scheduleWithFixedDelay(() -> {
                    try {
                        sweeper.sweep();
                    } catch (RuntimeException e) {
                        progress.println("  quiet stream: sweeper: " + e.getMessage());
                    }
                }, 60, 60, TimeUnit.SECONDS);
                sendStart = System.nanoTime();
                send(kinesis, name, lines, s.ratePerSecond(), acked, progress);
                sendEnd = System.nanoTime();
                if (!source.awaitCaughtUp(Duration.ofSeconds(3), Duration.ofMinutes(2))) {
                    throw new IllegalStateException("the event source did not catch up with the stream within 2 minutes");
                }
                schedule.shutdownNow();
                schedule.awaitTermination(30, TimeUnit.SECONDS);
                liveUnits = meter.snapshot().writeUnits();
            } finally {
                schedule.shutdownNow();
            }
            sweeper.endOfInput();
            WriteMeter.Units units = meter.snapshot();
            Report report = new ReportReader(store, ViewSettings.spec()).read();
            Report reference = FileReference.of(lines, config.eventTime());
            List<Long> latencies = new ArrayList<>();
            long unapplied = 0;
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                Long applied = appliedAt.get(a.getKey());
                if (applied == null) {
                    unapplied++;
                } else {
                    latencies.add(Math.max(0, applied - a.getValue()) / 1_000);
                }
            }
            double meanBatch = batchSizes.stream().mapToInt(Integer::intValue).average().orElse(0);
            return new Result(s, config.eventSource().maximumBatchingWindow(), lines.size(), report.counts().accepted(),
                    latencies.stream().mapToLong(Long::longValue).toArray(), unapplied, units.writeUnits(), liveUnits,
                    units.readUnits(), batchSizes.size(), meanBatch, lines.size() / ((sendEnd - sendStart) / 1e9),
                    WriteCostRun.firstDifference(reference, report));
        }
    }

    /** The generator's clean traffic, as many records as the run sends, in arrival order. */
    static List<String> traffic(Settings s) {
        GeneratorSettings g = GeneratorSettings.defaults(s.seed()).withUsers(1_000).withCount(s.records());
        List<String> lines = new ArrayList<>(s.records());
        for (GeneratedRecord r : new TrafficGenerator(g).generate()) {
            if (lines.size() == s.records()) {
                break;
            }
            lines.add(r.isValid() ? EventJson.toJson(r.event()) : r.invalidLine());
        }
        return lines;
    }

    /** Sends at the steady rate: every 20 ms the records due by then, in one {@code PutRecords}; notes each acknowledgement. */
    private static void send(KinesisClient kinesis, String stream, List<String> lines, int rate, Map<String, Long> acked, PrintStream progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastReport = start;
        int made = 0;
        for (long tick = 1; made < lines.size(); tick++) {
            long wait = start + tick * TICK_NANOS - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int due = (int) Math.min(lines.size(), tick * TICK_NANOS * rate / 1_000_000_000L);
            if (due == made) {
                continue;
            }
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = made; i < due; i++) {
                String line = lines.get(i);
                entries.add(PutRecordsRequestEntry.builder().partitionKey(partitionKey(line, i))
                        .data(SdkBytes.fromString(line, StandardCharsets.UTF_8)).build());
            }
            made = due;
            List<PutRecordsResultEntry> results = kinesis.putRecords(b -> b.streamName(stream).records(entries)).records();
            long ack = System.nanoTime();
            for (PutRecordsResultEntry r : results) {
                if (r.errorCode() != null) {
                    throw new IllegalStateException("PutRecords rejected a record (" + r.errorCode() + ": " + r.errorMessage() + ")");
                }
                acked.put(r.sequenceNumber(), ack);
            }
            if (ack - lastReport > 30_000_000_000L) {
                lastReport = ack;
                progress.printf("  quiet stream: %,d/%,d records sent%n", made, lines.size());
            }
        }
    }

    private static String partitionKey(String line, int index) {
        int at = line.indexOf("\"user_id\":\"");
        if (at < 0) {
            return "line-" + index;
        }
        int from = at + 11;
        return line.substring(from, line.indexOf('"', from));
    }
}
