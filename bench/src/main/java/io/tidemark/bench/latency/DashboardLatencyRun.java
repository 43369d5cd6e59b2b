package io.tidemark.bench.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.config.PipelineConfig;
import io.tidemark.events.Event;
import io.tidemark.events.EventJson;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.Endpoints;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Put → the dashboard's numbers changing, on the emulators, as a user watches it: the local runner of
 * {@code tidemark run} ({@link StreamPipeline}, the deployed event-source settings: batch size 500, batching window 0)
 * reads a one-shard stream into tables on moto; {@code tidemark dashboard} runs as its own process on those tables
 * (its default refresh, 1 s); a client holds {@code /api/events} open as the page does and notes when each snapshot
 * arrived. A producer puts one purchase at a time, at a steady rate, each by a new user with an amount of its own and
 * event time = the wall clock at the put, and notes when Kinesis acknowledged it.
 *
 * <p>One shard, so the pipeline applies the puts in the order they were made: the headline (distinct users in the
 * window ending at <i>as of</i>) includes put {@code k} exactly when it counts at least the puts up to {@code k}
 * that lie in its window, and the current hour's revenue bar exactly when it reaches the sum of the amounts up to
 * {@code k} in that hour. Each latency is acknowledgement → the arrival of the first snapshot that includes the put.
 * After the measured puts the producer goes on for {@code tail} (unmeasured), so the watermark moves past the last of
 * them.
 */
public final class DashboardLatencyRun {

    /**
     * @param puts          measured puts (one record each)
     * @param putsPerSecond the steady rate
     * @param tail          how long the producer goes on after them (at least the watermark delay and a minute)
     */
    public record Settings(int puts, double putsPerSecond, Duration tail) {
    }

    /**
     * Latencies in microseconds. {@code deliveryMicros}: per snapshot, the dashboard's {@code generated_at} → its
     * arrival at the client (one machine, one clock; millisecond resolution).
     */
    public record Result(Settings settings, long[] headlineMicros, long[] revenueMicros, long[] axisMicros, long[] deliveryMicros,
                         long headlineUnseen, long revenueUnseen, long snapshots, double meanSnapshotGapMillis, double achievedRate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A put as Kinesis acknowledged it. */
    private record Sent(int index, long ackNanos, long eventTime, BigDecimal amount) {
    }

    /** A snapshot as the client received it: the headline window and its users, the axis end, revenue per hour shown. */
    private record Observed(long nanos, long receivedMillis, long generatedMillis, long asOf, long headlineStart, long headlineEnd,
                            long users, Map<Long, BigDecimal> revenueByHour) {
    }

    private final Endpoints endpoints;
    private final Path cliJar;
    private final Path logDir;

    public DashboardLatencyRun(Endpoints endpoints, Path cliJar, Path logDir) {
        this.endpoints = endpoints;
        this.cliJar = cliJar;
        this.logDir = logDir;
    }

    public Result run(Settings s, PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        ToolClients clients = ToolClients.forEndpoints(endpoints.asEnvironment());
        String name = "dashlat-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000;
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(name);
        try (KinesisClient kinesis = clients.kinesis();
             DynamoDbClient dynamo = clients.dynamoDb();
             DynamoDbStreamsClient streams = clients.dynamoDbStreams();
             PrintStream handlerLog = new PrintStream(Files.newOutputStream(logDir.resolve(name + "-handlers.log")), true)) {
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            LatencyRun.awaitActive(kinesis, name);
            try (StreamPipeline pipeline = StreamPipeline.start(new StreamPipeline.Options(kinesis, name, dynamo, streams, config, alert -> { },
                    (batch, condition, invokes, error) -> handlerLog.println("on-failure: " + condition), Duration.ofMinutes(1),
                    Clock.systemUTC(), handlerLog, false))) {
                Process dashboard = startDashboard(name);
                try {
                    return measure(s, kinesis, name, readUrl(dashboard), progress);
                } finally {
                    dashboard.destroy();
                    if (!dashboard.waitFor(10, TimeUnit.SECONDS)) {
                        dashboard.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private Process startDashboard(String prefix) throws IOException {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cliJar.toString(),
                "dashboard", "--table-prefix", prefix, "--port", "0", "--json");
        b.environment().putAll(endpoints.asEnvironment());
        b.environment().putIfAbsent("AWS_REGION", "us-east-1");
        b.environment().put("AWS_ACCESS_KEY_ID", "emulator");
        b.environment().put("AWS_SECRET_ACCESS_KEY", "emulator");
        b.redirectError(logDir.resolve(prefix + "-dashboard.log").toFile());
        return b.start();
    }

    /** The first line {@code tidemark dashboard --json} prints: {"url": …}. */
    private static URI readUrl(Process dashboard) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(dashboard.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("tidemark dashboard ended before printing its URL (exit " + dashboard.onExit().join().exitValue()
                    + "); see its log next to the handlers' log");
        }
        return URI.create(JSON.readTree(line).get("url").asText());
    }

    private Result measure(Settings s, KinesisClient kinesis, String stream, URI page, PrintStream progress) throws InterruptedException {
        List<Observed> observed = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        Thread client = new Thread(() -> readEvents(http, page.resolve("/api/events"), observed), "dashboard-latency-page");
        client.setDaemon(true);
        client.start();

        List<Sent> sent = new ArrayList<>();
        long intervalNanos = (long) (1e9 / s.putsPerSecond());
        int total = s.puts() + (int) Math.ceil(s.tail().toSeconds() * s.putsPerSecond());
        long start = System.nanoTime();
        long lastReport = start;
        for (int k = 0; k < total; k++) {
            long wait = start + k * intervalNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Instant eventTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            BigDecimal amount = BigDecimal.valueOf(100 + k, 2); // 1.00 + k cents: every put moves its hour's revenue
            Event e = Event.purchase("dashlat-" + k, "dashlat-user-" + k, eventTime, "dashlat-order-" + k, amount, "USD");
            kinesis.putRecord(b -> b.streamName(stream).partitionKey(e.userId()).data(SdkBytes.fromByteArray(EventJson.toBytes(e))));
            long ack = System.nanoTime();
            if (k < s.puts()) {
                sent.add(new Sent(k, ack, eventTime.toEpochMilli(), amount));
            }
            if (ack - lastReport > 15_000_000_000L) {
                lastReport = ack;
                progress.printf("  dashboard latency: %,d/%,d puts (%,d measured), %,d snapshots received%n", k + 1, total, s.puts(),
                        observed.size());
            }
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(5_000); // the last snapshot of the tail
        client.interrupt();

        List<Observed> snapshots = new ArrayList<>(observed);
        List<Long> headline = new ArrayList<>();
        List<Long> revenue = new ArrayList<>();
        List<Long> axis = new ArrayList<>();
        long headlineUnseen = 0;
        long revenueUnseen = 0;
        Map<Long, BigDecimal> hourPrefix = new HashMap<>();
        long[] eventTimes = sent.stream().mapToLong(Sent::eventTime).toArray();
        for (Sent p : sent) {
            long hour = Math.floorDiv(p.eventTime(), 3_600_000L) * 3_600_000L;
            BigDecimal upTo = hourPrefix.merge(hour, p.amount(), BigDecimal::add);
            Long h = null;
            Long r = null;
            Long a = null;
            for (Observed o : snapshots) {
                if (o.nanos() < p.ackNanos()) {
                    continue;
                }
                if (a == null && o.asOf() > p.eventTime()) {
                    a = o.nanos() - p.ackNanos();
                }
                if (h == null && p.eventTime() >= o.headlineStart() && p.eventTime() < o.headlineEnd()
                        && o.users() >= p.index() - firstAtOrAfter(eventTimes, o.headlineStart()) + 1) {
                    h = o.nanos() - p.ackNanos();
                }
                BigDecimal shown = o.revenueByHour().get(hour);
                if (r == null && shown != null && shown.compareTo(upTo) >= 0) {
                    r = o.nanos() - p.ackNanos();
                }
                if (h != null && r != null && a != null) {
                    break;
                }
            }
            if (h == null) {
                headlineUnseen++;
            } else {
                headline.add(h / 1_000);
            }
            if (r == null) {
                revenueUnseen++;
            } else {
                revenue.add(r / 1_000);
            }
            if (a != null) {
                axis.add(a / 1_000);
            }
        }
        long[] delivery = snapshots.stream().mapToLong(o -> Math.max(0, o.receivedMillis() - o.generatedMillis()) * 1_000).toArray();
        double gap = snapshots.size() < 2 ? 0 : (snapshots.get(snapshots.size() - 1).nanos() - snapshots.get(0).nanos()) / 1e6 / (snapshots.size() - 1);
        return new Result(s, toArray(headline), toArray(revenue), toArray(axis), delivery, headlineUnseen, revenueUnseen, snapshots.size(), gap,
                total / sendSeconds);
    }

    /** Index of the first put whose event time is at or after {@code t} (event times rise with the index). */
    private static int firstAtOrAfter(long[] eventTimes, long t) {
        int lo = 0;
        int hi = eventTimes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (eventTimes[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Reads server-sent events as the page does, noting each snapshot's arrival, until interrupted. */
    private static void readEvents(HttpClient http, URI events, List<Observed> observed) {
        try {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + events + " answered " + r.statusCode());
            }
            try (Stream<String> lines = r.body()) {
                lines.takeWhile(l -> !Thread.currentThread().isInterrupted()).filter(l -> l.startsWith("data: ")).forEach(l -> {
                    long nanos = System.nanoTime();
                    long received = System.currentTimeMillis();
                    Observed o = parse(l.substring("data: ".length()), nanos, received);
                    if (o != null) {
                        observed.add(o);
                    }
                });
            }
        } catch (IOException | InterruptedException | java.io.UncheckedIOException e) {
            // the run is over (interrupted) or the dashboard went away: what was observed stands
        }
    }

    private static Observed parse(String json, long nanos, long received) {
        try {
            JsonNode s = JSON.readTree(json);
            if (!s.hasNonNull("as_of")) {
                return null; // no read of the tables yet
            }
            JsonNode head = s.at("/active_users/headline");
            Map<Long, BigDecimal> revenue = new HashMap<>();
            s.get("revenue_per_hour").forEach(h -> revenue.put(millis(h.get("window_start")), new BigDecimal(h.get("revenue").asText())));
            return new Observed(nanos, received, millis(s.get("generated_at")), millis(s.get("as_of")), millis(head.get("window_start")),
                    millis(head.get("window_end")), head.get("users").asLong(), revenue);
        } catch (IOException e) {
            return null;
        }
    }

    private static long millis(JsonNode iso) {
        return Instant.parse(iso.asText()).toEpochMilli();
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
