package io.tidemark.bench.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.aws.AwsClients;
import io.tidemark.cli.alerts.AlertsTail;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventType;
import io.tidemark.handlers.SnsAlertSink;
import io.tidemark.runtime.FailureDestination;
import io.tidemark.runtime.StreamPipeline;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableNames;
import io.tidemark.state.ViewRows;
import io.tidemark.testing.Endpoints;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end latency on the Docker-free emulators through the local runner of {@code tidemark run}
 * ({@link StreamPipeline}: Lambda's Kinesis mapping with batching window 0, the handlers, the
 * alerts outbox stream, SNS): a producer sends {@link SteadyTraffic} at a steady rate with
 * {@code PutRecords} and notes when each record was acknowledged and where it went; a poller reads
 * the revenue rows of the hours in flight every {@code pollInterval}; an SQS queue subscribed to
 * the alerts topic ({@link AlertsTail}) receives the alerts.
 * <ul>
 *   <li><b>view latency</b> of a purchase: acknowledged → the first poll that sees its (hour, shard)
 *       row at or above the running sum of the amounts sent there up to it (resolution: one poll);</li>
 *   <li><b>alert latency</b> of an abandoned cart: the acknowledgement of the last record needed to move
 *       every shard's horizon past the cart's deadline (on each shard, the first record with event time
 *       ≥ deadline + watermark delay + allowed lateness; the latest of those) → the alert's arrival in SQS.</li>
 * </ul>
 */
public final class LatencyRun {

    /**
     * @param events       records to send
     * @param ratePerSecond steady send rate
     * @param shards       stream shards
     * @param speedup      event-time seconds per wall second
     * @param cartEvery    every n-th record opens a cart that is abandoned
     * @param pollInterval pause between two polls of the revenue rows
     */
    public record Settings(int events, int ratePerSecond, int shards, int speedup, int cartEvery, Duration pollInterval) {
    }

    /** Latencies in microseconds, and what the measurement could resolve. */
    public record Result(Settings settings, long[] viewLatenciesMicros, long[] alertLatenciesMicros, long purchasesSent, long cartsSent,
                         long purchasesUnseen, long alertsUnseen, double meanPollCycleMillis, double sendSeconds, double achievedRate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final Endpoints endpoints;
    private final Path logDir;

    public LatencyRun(Endpoints endpoints, Path logDir) {
        this.endpoints = endpoints;
        this.logDir = logDir;
    }

    /** A purchase sent: where it went and what its row must reach. */
    private record Sent(long ackNanos, String shard, long hour, BigDecimal runningSum) {
    }

    /** A cart sent: its alert id and the event time every shard must pass for it to fire. */
    private record Cart(String alertId, long fireAtEventTime) {
    }

    public Result run(Settings s, PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        AwsClients clients = endpoints.clients();
        String name = "latency-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000;
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(name).withEventSource(windowZero());
        long lag = config.eventTime().watermarkDelay().toMillis() + config.eventTime().allowedLateness().toMillis();
        long timeout = ViewSettings.spec().cartTimeout().toMillis();
        try (KinesisClient kinesis = clients.kinesis();
             DynamoDbClient dynamo = clients.dynamoDb();
             DynamoDbStreamsClient streams = clients.sync(DynamoDbStreamsClient.builder(), AwsClients.DYNAMODB).build();
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
                return measure(s, kinesis, name, views, tail, lag, timeout, progress);
            }
        }
    }

    private Result measure(Settings s, KinesisClient kinesis, String stream, ViewRows views, AlertsTail tail, long lag, long cartTimeout,
                           PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        SteadyTraffic traffic = new SteadyTraffic(Instant.parse("2026-11-23T10:00:00Z"), start, s.speedup(), 500, s.cartEvery());
        Map<String, List<Sent>> purchasesByRow = new ConcurrentHashMap<>();
        Map<String, Long> viewSeen = new ConcurrentHashMap<>();
        List<Sent> purchases = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> alertArrivals = new ConcurrentHashMap<>();
        List<Cart> carts = new ArrayList<>();
        // Per shard, (event time, ack) of every record, to find what moved each shard past a deadline.
        Map<String, TreeMap<Long, Long>> acksByShard = new HashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong pollCycles = new AtomicLong();
        AtomicLong pollNanos = new AtomicLong();

        Thread poller = new Thread(() -> pollViews(views, purchasesByRow, viewSeen, producing, pollCycles, pollNanos, s.pollInterval()), "latency-view-poller");
        Thread receiver = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    tail.read(Integer.MAX_VALUE, Duration.ofSeconds(1), false, body -> alertArrivals.putIfAbsent(alertId(body), System.nanoTime()));
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
            }
        }, "latency-alert-receiver");
        poller.setDaemon(true);
        receiver.setDaemon(true);
        poller.start();
        receiver.start();

        Map<String, BigDecimal> sums = new HashMap<>();
        long tickNanos = 50_000_000L;
        int perTick = Math.max(1, (int) Math.round(s.ratePerSecond() * tickNanos / 1e9));
        long sendWindowNanos = (long) (s.events() / (double) s.ratePerSecond() * 1e9);
        // A cart opened later than this could not fire before the producer stops.
        long cartsUntil = start + sendWindowNanos - traffic.wallTimeOf(Duration.ofMillis(cartTimeout + lag)).toNanos()
                - Duration.ofSeconds(5).toNanos();
        long cartsSent = 0;
        int sentCount = 0;
        long nextTick = start;
        long lastReport = start;
        while (sentCount < s.events()) {
            long now = System.nanoTime();
            if (now < nextTick) {
                Thread.sleep((nextTick - now) / 1_000_000, (int) ((nextTick - now) % 1_000_000));
            }
            nextTick += tickNanos;
            List<Event> events = new ArrayList<>();
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            long sendAt = System.nanoTime();
            for (int i = 0; i < perTick && sentCount + events.size() < s.events(); i++) {
                Event e = traffic.next(sendAt, sendAt < cartsUntil);
                events.add(e);
                entries.add(PutRecordsRequestEntry.builder().partitionKey(e.userId()).data(SdkBytes.fromByteArray(EventJson.toBytes(e))).build());
            }
            PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
            long ack = System.nanoTime();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < events.size(); i++) {
                PutRecordsResultEntry r = results.get(i);
                if (r.errorCode() != null) {
                    throw new IllegalStateException("PutRecords rejected a record (" + r.errorCode() + ": " + r.errorMessage()
                            + "): the rate " + s.ratePerSecond() + "/s is too high for this emulator");
                }
                Event e = events.get(i);
                long t = e.eventTimeMillis();
                acksByShard.computeIfAbsent(r.shardId(), k -> new TreeMap<>()).putIfAbsent(t, ack);
                if (e.type() == EventType.PURCHASE) {
                    long hour = Math.floorDiv(t, HOUR) * HOUR;
                    String row = rowKey(hour, r.shardId());
                    BigDecimal sum = sums.merge(row, e.amount(), BigDecimal::add);
                    Sent sent = new Sent(ack, r.shardId(), hour, sum);
                    purchases.add(sent);
                    purchasesByRow.computeIfAbsent(row, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(sent);
                } else {
                    cartsSent++;
                    carts.add(new Cart(CartAbandonment.alertIdFor(e.userId(), e.timestamp()), t + cartTimeout + lag));
                }
            }
            sentCount += events.size();
            if (ack - lastReport > 5_000_000_000L) {
                lastReport = ack;
                progress.printf("  latency: %,d/%,d records sent, %,d purchases seen in the view, %,d alerts received%n", sentCount, s.events(),
                        viewSeen.size(), alertArrivals.size());
            }
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        // Let the last records through; nothing new is sent, so time (and alerts) stand still now.
        long drainUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < drainUntil && viewSeen.size() < purchases.size()) {
            Thread.sleep(100);
        }
        Map<String, Long> triggers = triggers(carts, acksByShard);
        long alertsUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < alertsUntil && !alertArrivals.keySet().containsAll(triggers.keySet())) {
            Thread.sleep(100);
        }
        producing.set(false);
        poller.interrupt();
        receiver.interrupt();
        poller.join(5_000);

        List<Long> view = new ArrayList<>();
        long unseen = 0;
        synchronized (purchases) {
            for (Sent p : purchases) {
                Long seen = viewSeen.get(p.shard + "|" + p.hour + "|" + p.runningSum.toPlainString());
                if (seen == null) {
                    unseen++;
                } else {
                    view.add(Math.max(0, seen - p.ackNanos) / 1_000);
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
                purchases.size(), cartsSent, unseen, alertsUnseen, meanCycle, sendSeconds, sentCount / sendSeconds);
    }

    /**
     * The acknowledgement that completes each cart's firing condition: per shard the first record at or
     * after the cart's fire-at event time, the latest over shards. Carts no shard got that far for are left out.
     */
    private static Map<String, Long> triggers(List<Cart> carts, Map<String, TreeMap<Long, Long>> acksByShard) {
        Map<String, Long> out = new HashMap<>();
        for (Cart c : carts) {
            long latest = Long.MIN_VALUE;
            boolean reached = true;
            for (TreeMap<Long, Long> acks : acksByShard.values()) {
                Map.Entry<Long, Long> first = acks.ceilingEntry(c.fireAtEventTime());
                if (first == null) {
                    reached = false;
                    break;
                }
                latest = Math.max(latest, first.getValue());
            }
            if (reached) {
                out.put(c.alertId(), latest);
            }
        }
        return out;
    }

    private static void pollViews(ViewRows views, Map<String, List<Sent>> purchasesByRow, Map<String, Long> seen, AtomicBoolean running,
                                  AtomicLong cycles, AtomicLong cycleNanos, Duration interval) {
        ViewSettings settings = ViewSettings.spec();
        Map<String, Integer> progress = new HashMap<>();
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            long cycleStart = System.nanoTime();
            java.util.Set<Long> hours = new java.util.TreeSet<>();
            for (Map.Entry<String, List<Sent>> row : purchasesByRow.entrySet()) {
                if (progress.getOrDefault(row.getKey(), 0) < row.getValue().size()) {
                    hours.add(Long.parseLong(row.getKey().substring(0, row.getKey().indexOf('|'))));
                }
            }
            try {
                for (long hour : hours) {
                    List<ViewRows.PageRow> rows = views.readPage(hour, settings);
                    long observed = System.nanoTime();
                    for (ViewRows.PageRow r : rows) {
                        String row = rowKey(hour, r.shardId());
                        List<Sent> sent = purchasesByRow.get(row);
                        if (sent == null) {
                            continue;
                        }
                        int done = progress.getOrDefault(row, 0);
                        synchronized (sent) {
                            while (done < sent.size() && sent.get(done).runningSum.compareTo(r.page().revenue()) <= 0) {
                                Sent p = sent.get(done++);
                                seen.putIfAbsent(p.shard + "|" + p.hour + "|" + p.runningSum.toPlainString(), observed);
                            }
                        }
                        progress.put(row, done);
                    }
                }
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
            }
            cycles.incrementAndGet();
            cycleNanos.addAndGet(System.nanoTime() - cycleStart + interval.toNanos());
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
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
