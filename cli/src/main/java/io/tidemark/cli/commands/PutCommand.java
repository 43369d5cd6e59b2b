package io.tidemark.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.kinesis.KinesisPutter;
import io.tidemark.cli.kinesis.OutgoingRecord;
import io.tidemark.cli.kinesis.PutStats;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.options.GeneratorOptions;
import io.tidemark.cli.options.OutputOptions;
import io.tidemark.cli.options.UsageError;
import io.tidemark.config.StackOutputs;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventValidator;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.ValidationResult;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.local.input.JsonLinesInput;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidemark put}: JSON Lines from a file, stdin or the generator onto a Kinesis stream. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Sends JSON Lines to a Kinesis stream with PutRecords (≤ 500 records / 5 MiB a call, partition key = "
                + "user_id); retries only the failed entries, with exponential backoff and jitter.",
                "Keeps each shard's order: every user's events land in input order, and no event lands more than "
                        + "--max-disorder of event time out of order beyond the input's own, whatever fails or is retried.",
                "Lines are validated first: invalid ones are reported with their line numbers and not sent "
                        + "(--no-validate sends them anyway, to exercise the pipeline's quarantine)."},
        footer = {"", "Examples:",
                "  tidemark generate --seed 7 --count 10000 | tidemark put --stream events",
                "  tidemark put events.jsonl --stream events --rate 200",
                "  tidemark put --generate --seed 7 --count 10000 --endpoint-url http://localhost:4566",
                "  tidemark put in-event-time-order.jsonl --stream events --max-disorder PT1M",
                "", "Exit codes: 0 all sent; 3 some records could not be delivered; 4 all valid lines sent, some lines invalid."})
public final class PutCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PRINTED_REJECTIONS = 20;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "JSON Lines file; '-' or nothing for stdin.")
    String file;

    @Option(names = "--stream", paramLabel = "NAME|ARN", description = "Kinesis stream. Default: the StreamName output of the deployed stack.")
    String stream;

    @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
    String stack;

    @Option(names = "--generate", description = "Send generated traffic (the generator options below) instead of a file.")
    boolean generate;

    @Option(names = "--rate", paramLabel = "RECORDS/S", description = "At most this many records per second (default: as fast as it goes).")
    Double rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Most PutRecords calls in flight (default ${DEFAULT-VALUE}); order is kept at any value.")
    int concurrency;

    @Option(names = "--max-disorder", paramLabel = "ISO-8601", defaultValue = "PT1S",
            description = "Event-time disorder the put may add on a shard, beyond the input's own (default ${DEFAULT-VALUE}). "
                    + "Larger is faster for input sparse in event time; the input's own disorder plus this bound must stay within "
                    + "the pipeline's watermark delay (PT2M by default) for on-time events to stay on time.")
    Duration maxDisorder;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10", description = "Attempts per record before it counts as failed (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--validate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Validate every line first (default) or send invalid lines too.")
    boolean validate;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: when attached to a terminal).")
    Boolean progress;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Mixin
    GeneratorOptions generator;

    @Override
    public Integer call() throws Exception {
        if (maxDisorder.isNegative()) {
            throw new IllegalArgumentException("--max-disorder must be ≥ 0 (an ISO-8601 duration such as PT1S), got " + maxDisorder);
        }
        ToolClients clients = aws.clients();
        String target = new StackLookup(clients, stack).resolve(stream, "--stream", StackOutputs.STREAM_NAME);
        Input input = openInput();
        EventValidator validator = new EventValidator();
        List<Rejection> rejections = new ArrayList<>();
        long lines = 0;
        long began = System.nanoTime();
        boolean showProgress = progress != null ? progress : System.console() != null && !output.json;
        PutStats stats;
        String notice;
        // The putter does the retrying (it retries only failed entries and counts them); the SDK does not retry too.
        KinesisPutter.Settings settings = KinesisPutter.Settings.defaults(target).withConcurrency(concurrency)
                .withMaxAttempts(maxAttempts).withMaxDisorder(maxDisorder);
        try (KinesisAsyncClient kinesis = clients.kinesisAsync(Math.max(concurrency, 1) * 2,
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
             KinesisPutter putter = KinesisPutter.start(kinesis, settings, n -> { });
             ProgressBar bar = showProgress ? new ProgressBarBuilder().setTaskName("put").setInitialMax(input.total)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" rec", 1).showSpeed().setConsumer(
                             new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null) {
            Pacer pacer = new Pacer(rate);
            for (JsonLinesInput.Line line = input.lines.next(); line != null; line = input.lines.next()) {
                lines = line.number();
                if (line.isBlank()) {
                    continue;
                }
                byte[] data = line.bytes();
                ValidationResult result = validator.validate(data);
                OutgoingRecord record;
                if (result instanceof ValidationResult.Valid valid) {
                    record = OutgoingRecord.event(valid.event().userId(), data, lines, valid.event().timestamp());
                } else if (validate) {
                    rejections.add(new Rejection(lines, ((ValidationResult.Invalid) result).summary()));
                    step(bar);
                    continue;
                } else {
                    record = OutgoingRecord.withoutEventTime(PartitionKeys.of(data), data, lines);
                }
                pacer.await();
                putter.add(record);
                step(bar);
            }
            stats = putter.finish();
            notice = putter.notice();
        } finally {
            input.close();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        report(target, stats, rejections, seconds, notice);
        if (stats.failed() > 0) {
            return ExitCodes.PARTIAL;
        }
        return rejections.isEmpty() ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    private void report(String target, PutStats stats, List<Rejection> rejections, double seconds, String notice) {
        if (notice != null) {
            System.err.println("tidemark put: " + notice);
        }
        if (output.json) {
            ObjectNode summary = JSON.createObjectNode();
            summary.put("stream", target).put("sent", stats.sent()).put("retried", stats.retried()).put("throttled", stats.throttled())
                    .put("failed", stats.failed()).put("rejected", rejections.size()).put("requests", stats.requests())
                    .put("reshards", stats.reshards()).put("max_disorder", maxDisorder.toString())
                    .put("seconds", Math.round(seconds * 1000) / 1000.0)
                    .put("records_per_second", Math.round(10 * stats.sent() / Math.max(seconds, 1e-9)) / 10.0);
            if (notice != null) {
                summary.put("notice", notice);
            }
            ArrayNode rejected = summary.putArray("rejected_lines");
            rejections.stream().limit(1000).forEach(r -> rejected.addObject().put("line", r.line).put("reason", r.reason));
            ArrayNode failed = summary.putArray("failed_lines");
            stats.failures().forEach(f -> failed.addObject().put("line", f.line()).put("reason", f.reason()));
            System.out.println(summary);
            return;
        }
        PrintStream err = System.err;
        rejections.stream().limit(MAX_PRINTED_REJECTIONS).forEach(r -> err.println("tidemark put: line " + r.line + ": " + r.reason));
        if (rejections.size() > MAX_PRINTED_REJECTIONS) {
            err.println("… and " + (rejections.size() - MAX_PRINTED_REJECTIONS) + " more invalid lines (--json lists them)");
        }
        stats.failures().stream().limit(MAX_PRINTED_REJECTIONS).forEach(f -> err.println("line " + f.line() + " not delivered: " + f.reason()));
        err.printf("tidemark put: %d sent to %s, %d retried (%d throttled), %d failed, %d rejected as invalid in %.1f s (%.1f records/s)%n",
                stats.sent(), target, stats.retried(), stats.throttled(), stats.failed(), rejections.size(), seconds,
                stats.sent() / Math.max(seconds, 1e-9));
    }

    private Input openInput() throws IOException {
        if (generate) {
            if (file != null) {
                throw new UsageError("give either FILE or --generate, not both");
            }
            List<GeneratedRecord> records = new TrafficGenerator(generator.settings()).generate();
            StringBuilder text = new StringBuilder();
            records.forEach(r -> text.append(r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event())).append('\n'));
            return new Input(JsonLinesInput.of(new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8))), records.size());
        }
        // Bytes, not text: a line that is not UTF-8 is one invalid line, not the end of the input.
        String source = file == null ? "-" : file;
        long total = source.equals("-") ? -1 : JsonLinesInput.countLines(source, "FILE");
        return new Input(JsonLinesInput.open(source, "FILE"), total);
    }

    private static void step(ProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    private record Rejection(long line, String reason) {
    }

    private record Input(JsonLinesInput lines, long total) {
        void close() throws IOException {
            lines.close();
        }
    }

    /** Spaces records evenly to stay at or under {@code --rate}. */
    private static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(Double perSecond) {
            if (perSecond != null && perSecond <= 0) {
                throw new IllegalArgumentException("--rate must be > 0, got " + perSecond);
            }
            this.intervalNanos = perSecond == null ? 0 : (long) (1e9 / perSecond);
        }

        void await() throws InterruptedException {
            if (intervalNanos == 0) {
                return;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
        }
    }
}
