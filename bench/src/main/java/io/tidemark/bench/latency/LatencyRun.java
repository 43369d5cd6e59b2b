package io.tidemark.bench.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.ViewRows;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventType;
import io.tidemark.handlers.SnsAlertSink;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.alerts.AlertsTail;
import io.tidemark.testkit.emulators.Endpoints;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end latency on the Docker-free emulators through the local runner of {@code tidemark run}
 * ({@link StreamPipeline}: Lambda's Kinesis mapping with batching window 0, the handlers, the
 * alerts outbox stream, SNS). A producer sends {@link SteadyTraffic} at a steady rate with
 * {@code PutRecords} (ticks every 20 ms, a few calls in flight) and notes when each record was
 * acknowledged, its shard and sequence number; a poller reads the revenue rows of the hours in
 * flight every {@code pollInterval} and notes when each row's value changed; an SQS queue subscribed
 * to the alerts topic ({@link AlertsTail}) notes when each alert arrived. Attribution afterwards:
 * <ul>
 *   <li><b>view latency</b> of a purchase: acknowledged → the first poll that saw its (hour, shard)
 *       row at or above the sum of the amounts of that row's purchases up to it in sequence order
 *       (rows are per shard and a shard is applied in sequence order; resolution: one poll);</li>
 *   <li><b>alert latency</b> of an abandoned cart: the acknowledgement of the record that completed
 *       the condition for its timer (on each shard, the earliest acknowledged record with event time
 *       ≥ deadline + watermark delay + allowed lateness; the latest of those over shards) → the alert's
 *       arrival in SQS.</li>
 * </ul>
 */
public final class LatencyRun {

    /**
     * @param events        records to send
     * @param ratePerSecond steady send rate
     * @param shards        stream shards
     * @param speedup       event-time seconds per wall second
     * @param cartEvery     every n-th record opens a cart that is abandoned
     * @param pollInterval  pause between two polls of the revenue rows
     */
    public record Settings(int events, int ratePerSecond, int shards, int speedup, int cartEvery, Duration pollInterval) {
    }

    /** Latencies in microseconds, and what the measurement could resolve. */
    public record Result(Settings settings, long[] viewLatenciesMicros, long[] alertLatenciesMicros, long purchasesSent, long cartsSent,
                         long purchasesUnseen, long alertsUnseen, double meanPollCycleMillis, double sendSeconds, double achievedRate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long TICK_NANOS = 20_000_000L;
    private static final int SENDERS = 4;

    private final Endpoints endpoints;
    private final Path logDir;

    public LatencyRun(Endpoints endpoints, Path logDir) {
        this.endpoints = endpoints;
        this.logDir = logDir;
    }

    /** One acknowledged record. */
    private record Sent(long ackNanos, String shard, BigInteger sequence, long eventTime, Event event) {
    }

    /** A row's revenue as a poll first saw it. */
    private record Seen(long nanos, BigDecimal revenue) {
    }

    public Result run(Settings s, PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        String name = "latency-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000;
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(name).withEventSource(windowZero());
        try (KinesisClient kinesis = clients.kinesis();
             DynamoDbClient dynamo = clients.dynamoDb();
             DynamoDbStreamsClient streams = clients.dynamoDbStreams();
             SnsClient sns = clients.sns();
             SqsClient sqs = clients.sqs();
             PrintStream handlerLog = new PrintStream(Files.newOutputStream(logDir.resolve(name + "-handlers.log")), true)) {
            kinesis.createStream(b -> b.streamName(name).shardCount(s.shards()));
            awaitActive(kinesis, name);
            String topicArn = sns.createTopic(b -> b.name(name + "-alerts")).topicArn();
            try (AlertsTail tail = new AlertsTail(sns, sqs, topicArn, null);
                 StreamPipeline pipeline = StreamPipeline.start(new StreamPipeline.Options(kinesis, name, dynamo, streams, config,
                         new SnsAlertSink(sns, topicArn), (batch, condition, invokes, error) -> handlerLog.println("on-failure: " + condition),
                         Duration.ofMinutes(1), Clock.systemUTC(), handlerLog, false))) {
                ViewRows views = StateStore.create(dynamo, TableNames.forPrefix(name)).views();
                return measure(s, config, kinesis, name, views, tail, progress);
            }
        }
    }

    private Result measure(Settings s, PipelineConfig config, KinesisClient kinesis, String stream, ViewRows views, AlertsTail tail,
                           PrintStream progress) throws InterruptedException {
        long lag = config.eventTime().watermarkDelay().toMillis() + config.eventTime().allowedLateness().toMillis();
        long cartTimeout = ViewSettings.spec().cartTimeout().toMillis();
        long start = System.nanoTime();
        SteadyTraffic traffic = new SteadyTraffic(Instant.parse("2026-11-23T10:00:00Z"), start, s.speedup(), 500, s.cartEvery());
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Seen>> rowHistory = new ConcurrentHashMap<>();
        ConcurrentSkipListSet<Long> hours = new ConcurrentSkipListSet<>();
        Map<String, Long> alertArrivals = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean(true);
        AtomicLong pollCycles = new AtomicLong();
        AtomicLong pollNanos = new AtomicLong();

        Thread poller = daemon("latency-view-poller", () -> pollViews(views, hours, rowHistory, measuring, pollCycles, pollNanos, s.pollInterval()));
        Thread receiver = daemon("latency-alert-receiver", () -> {
            while (measuring.get()) {
                try {
                    tail.read(Integer.MAX_VALUE, Duration.ofSeconds(1), false, body -> alertArrivals.putIfAbsent(alertId(body), System.nanoTime()));
                } catch (RuntimeException e) {
                    if (!measuring.get()) {
                        return;
                    }
                }
            }
        });

        // The producer: a tick every 20 ms makes its share of records; PutRecords calls run on a few senders.
        long sendWindowNanos = (long) (s.events() / (double) s.ratePerSecond() * 1e9);
        long cartsUntil = start + sendWindowNanos - traffic.wallTimeOf(Duration.ofMillis(cartTimeout + lag)).toNanos() - 5_000_000_000L;
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> new Thread(r, "latency-sender"));
        List<Future<?>> calls = new ArrayList<>();
        int made = 0;
        long tick = 0;
        long lastReport = start;
        try {
            while (made < s.events()) {
                long due = start + tick * TICK_NANOS;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                tick++;
                int target = (int) Math.min(s.events(), Math.round(tick * TICK_NANOS / 1e9 * s.ratePerSecond()));
                List<Event> events = new ArrayList<>();
                long now = System.nanoTime();
                while (made < target) {
                    Event e = traffic.next(now, now < cartsUntil);
                    events.add(e);
                    hours.add(Math.floorDiv(e.eventTimeMillis(), HOUR) * HOUR);
                    made++;
                }
                if (!events.isEmpty()) {
                    calls.add(senders.submit(() -> put(kinesis, stream, events, sent)));
                }
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    progress.printf("  latency: %,d/%,d records sent, %,d acknowledged, %,d alerts received%n", made, s.events(), sent.size(),
                            alertArrivals.size());
                }
            }
            for (Future<?> call : calls) {
                try {
                    call.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("PutRecords failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            senders.shutdownNow();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;

        // Nothing new is sent now, so event time (and alerts) stand still; let what was sent through.
        List<Sent> all;
        synchronized (sent) {
            all = new ArrayList<>(sent);
        }
        Map<String, List<Sent>> purchasesByRow = new HashMap<>();
        Map<String, List<Sent>> byShard = new HashMap<>();
        List<Sent> carts = new ArrayList<>();
        for (Sent x : all) {
            byShard.computeIfAbsent(x.shard(), k -> new ArrayList<>()).add(x);
            if (x.event().type() == EventType.PURCHASE) {
                purchasesByRow.computeIfAbsent(rowKey(Math.floorDiv(x.eventTime(), HOUR) * HOUR, x.shard()), k -> new ArrayList<>()).add(x);
            } else {
                carts.add(x);
            }
        }
        Map<String, BigDecimal> totals = new HashMap<>();
        purchasesByRow.forEach((row, list) -> {
            list.sort(Comparator.comparing(Sent::sequence));
            totals.put(row, list.stream().map(x -> x.event().amount()).reduce(BigDecimal.ZERO, BigDecimal::add));
        });
        long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < drainUntil && !allRowsReached(totals, rowHistory)) {
            Thread.sleep(100);
        }
        Map<String, Long> triggers = triggers(carts, byShard, cartTimeout + lag);
        long alertsUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < alertsUntil && !alertArrivals.keySet().containsAll(triggers.keySet())) {
            Thread.sleep(100);
        }
        measuring.set(false);
        poller.join(5_000);
        receiver.join(5_000);

        List<Long> view = new ArrayList<>();
        long unseen = 0;
        for (Map.Entry<String, List<Sent>> row : purchasesByRow.entrySet()) {
            List<Seen> history = rowHistory.getOrDefault(row.getKey(), List.of());
            BigDecimal running = BigDecimal.ZERO;
            int at = 0;
            for (Sent p : row.getValue()) {
                running = running.add(p.event().amount());
                while (at < history.size() && history.get(at).revenue().compareTo(running) < 0) {
                    at++;
                }
                if (at == history.size()) {
                    unseen++;
                } else {
                    view.add(Math.max(0, history.get(at).nanos() - p.ackNanos()) / 1_000);
                }
            }
        }
        List<Long> alerts = new ArrayList<>();
        long alertsUnseen = 0;
        for (Map.Entry<String, Long> trigger : triggers.entrySet()) {
            Long arrived = alertArrivals.get(trigger.getKey());
            if (arrived == null) {
                alertsUnseen++;
            } else {
                alerts.add(Math.max(0, arrived - trigger.getValue()) / 1_000);
            }
        }
        double meanCycle = pollCycles.get() == 0 ? 0 : pollNanos.get() / 1e6 / pollCycles.get();
        return new Result(s, view.stream().mapToLong(Long::longValue).toArray(), alerts.stream().mapToLong(Long::longValue).toArray(),
                all.size() - carts.size(), carts.size(), unseen, alertsUnseen, meanCycle, sendSeconds, all.size() / sendSeconds);
    }

    private static void put(KinesisClient kinesis, String stream, List<Event> events, List<Sent> sent) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(events.size());
        for (Event e : events) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey(e.userId()).data(SdkBytes.fromByteArray(EventJson.toBytes(e))).build());
        }
        List<PutRecordsResultEntry> results = kinesis.putRecords(b -> b.streamName(stream).records(entries)).records();
        long ack = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            PutRecordsResultEntry r = results.get(i);
            if (r.errorCode() != null) {
                throw new IllegalStateException("PutRecords rejected a record (" + r.errorCode() + ": " + r.errorMessage()
                        + "): lower the rate for this emulator");
            }
            sent.add(new Sent(ack, r.shardId(), new BigInteger(r.sequenceNumber()), events.get(i).eventTimeMillis(), events.get(i)));
        }
    }

    private static boolean allRowsReached(Map<String, BigDecimal> totals, Map<String, List<Seen>> history) {
        for (Map.Entry<String, BigDecimal> t : totals.entrySet()) {
            List<Seen> h = history.get(t.getKey());
            if (h == null || h.isEmpty() || h.get(h.size() - 1).revenue().compareTo(t.getValue()) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Per cart, the acknowledgement that completed its firing condition: on every shard some record at or
     * after {@code added + fireAfter} in event time; the latest of those earliest acknowledgements.
     */
    private static Map<String, Long> triggers(List<Sent> carts, Map<String, List<Sent>> byShard, long fireAfter) {
        // Per shard: records by event time with the earliest acknowledgement at or after each.
        List<long[][]> shards = new ArrayList<>();
        for (List<Sent> records : byShard.values()) {
            List<Sent> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparingLong(Sent::eventTime));
            long[][] table = new long[2][sorted.size()];
            long min = Long.MAX_VALUE;
            for (int i = sorted.size() - 1; i >= 0; i--) {
                min = Math.min(min, sorted.get(i).ackNanos());
                table[0][i] = sorted.get(i).eventTime();
                table[1][i] = min;
            }
            shards.add(table);
        }
        Map<String, Long> out = new HashMap<>();
        for (Sent c : carts) {
            long fireAt = c.eventTime() + fireAfter;
            long latest = Long.MIN_VALUE;
            boolean reached = true;
            for (long[][] table : shards) {
                int i = java.util.Arrays.binarySearch(table[0], fireAt);
                if (i < 0) {
                    i = -i - 1;
                } else {
                    while (i > 0 && table[0][i - 1] == fireAt) {
                        i--;
                    }
                }
                if (i >= table[0].length) {
                    reached = false;
                    break;
                }
                latest = Math.max(latest, table[1][i]);
            }
            if (reached) {
                out.put(CartAbandonment.alertIdFor(c.event().userId(), c.event().timestamp()), latest);
            }
        }
        return out;
    }

    private static void pollViews(ViewRows views, ConcurrentSkipListSet<Long> hours, Map<String, List<Seen>> history, AtomicBoolean running,
                                  AtomicLong cycles, AtomicLong cycleNanos, Duration interval) {
        ViewSettings settings = ViewSettings.spec();
        while (running.get()) {
            long cycleStart = System.nanoTime();
            // The newest three hours: an hour's rows stop changing once the pipeline is past it.
            List<Long> polled = new ArrayList<>(hours.descendingSet()).subList(0, Math.min(3, hours.size()));
            try {
                for (long hour : polled) {
                    List<ViewRows.PageRow> rows = views.readPage(hour, settings);
                    long observed = System.nanoTime();
                    for (ViewRows.PageRow r : rows) {
                        List<Seen> h = history.computeIfAbsent(rowKey(hour, r.shardId()), k -> Collections.synchronizedList(new ArrayList<>()));
                        if (h.isEmpty() || h.get(h.size() - 1).revenue().compareTo(r.page().revenue()) != 0) {
                            h.add(new Seen(observed, r.page().revenue()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            cycles.incrementAndGet();
            cycleNanos.addAndGet(System.nanoTime() - cycleStart);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String rowKey(long hour, String shard) {
        return hour + "|" + shard;
    }

    private static String alertId(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.hasNonNull("alert_id") ? node.get("alert_id").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("stream " + stream + " did not become ACTIVE within 30 s");
    }

    private static EventSourceSettings windowZero() {
        EventSourceSettings d = EventSourceSettings.defaults();
        return new EventSourceSettings(d.batchSize(), Duration.ZERO, d.startingPosition(), d.reportBatchItemFailures(),
                d.bisectBatchOnFunctionError(), d.maximumRetryAttempts(), d.maximumRecordAge(), d.parallelizationFactor());
    }
}
