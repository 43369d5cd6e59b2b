package io.tidemark.bench.flink;

import io.tidemark.bench.flink.job.JobSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.report.Report;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.testkit.FileReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Tidemark's handler path and an Apache Flink job side by side on the same input, in one JVM: both
 * must produce the same four views, and each one's events per second per core are measured.
 * Exit code 0 when the views agree, 1 when they differ (or on an error), 2 on bad usage.
 */
@Command(name = "flink-comparison", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs Tidemark's Kinesis handler path (minus DynamoDB) and a Flink DataStream job on a local MiniCluster over the same "
                        + "JSON Lines input, checks that both produce the same report (revenue per hour, active users, sessions, "
                        + "cart abandonments, counts) and measures the events per second per CPU core of each.",
                "Writes DIR/flink-comparison.json; see docs/flink-comparison.md. Exit code 0: the views agree; 1: they differ, "
                        + "or an error; 2: bad usage.",
                "Give big inputs a big heap: java -Xmx6g -cp bench/target/benchmarks.jar io.tidemark.bench.flink.FlinkComparison …",
                ""},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class FlinkComparison implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", description = "JSON Lines to process (one event per line, docs/spec.md §1).")
    Path input;

    @Option(names = "--generate-count", paramLabel = "N",
            description = "Instead of --input: generate N distinct valid events (plus ~1 %% duplicates, 5 %% repeated orders, ~1 %% invalid, none late) into DIR/flink-comparison-input.jsonl.")
    Long generateCount;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", paramLabel = "U", description = "Generated users (default N / 50, at least 100).")
    Integer users;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/target/flink-comparison",
            description = "Where flink-comparison.json (and a generated input) go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "5", description = "Measured runs of each side (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1", description = "Unmeasured runs of each side first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--flink-watermarks", paramLabel = "CADENCE", defaultValue = "PERIODIC",
            description = "When Flink emits watermarks: PERIODIC (Flink's default, every 200 ms) or PER_EVENT (as Tidemark; needed to agree on late events). Default ${DEFAULT-VALUE}.")
    JobSettings.WatermarkCadence cadence;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS",
            description = "Run the Flink job with checkpoints every MS milliseconds (hashmap state backend, full checkpoints to files under --out). Default: no checkpoints.")
    Long checkpointIntervalMs;

    @Option(names = "--json", description = "Print the result JSON on stdout instead of the summary.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FlinkComparison());
        // One line, not a stack trace: the messages name the option or file and the fix.
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() {
        if ((input == null) == (generateCount == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --input FILE or --generate-count N");
        }
        if (generateCount != null && generateCount < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--generate-count must be at least 1, got " + generateCount);
        }
        if (repeat < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be ≥ 1 and --warmup ≥ 0, got " + repeat + " and " + warmup);
        }
        ComparisonResult result = compare(loadInput());
        Path json = out.resolve("flink-comparison.json");
        result.writeTo(json);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(this.json ? result.toJsonString() + System.lineSeparator() : result.summary());
        stdout.flush();
        progress().println("wrote " + json);
        return result.diff().equal() ? 0 : 1;
    }

    /** Progress goes to stderr, so that stdout is only the result. */
    private PrintWriter progress() {
        return spec.commandLine().getErr();
    }

    private ComparisonInput loadInput() {
        if (input != null) {
            progress().println("reading " + input);
            return ComparisonInput.read(input);
        }
        int u = users != null ? users : (int) Math.max(100, Math.min(Integer.MAX_VALUE, generateCount / 50));
        GeneratorSettings settings = ComparisonInput.benchmarkTraffic(generateCount, seed, u);
        Path file = out.resolve("flink-comparison-input.jsonl");
        progress().printf(Locale.ROOT, "generating %,d events of %,d users (seed %d) into %s%n", generateCount, u, seed, file);
        return ComparisonInput.generate(settings, file);
    }

    private ComparisonResult compare(ComparisonInput in) {
        if (in.lines().isEmpty()) {
            throw new IllegalArgumentException("--input " + in.file() + " has no records: give a JSON Lines file with at least one event");
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PipelineConfig config = PipelineConfig.defaults();
        progress().printf(Locale.ROOT, "%,d records, %,d valid; computing the brute-force reference%n", in.lines().size(), in.valid());
        Report reference = FileReference.of(in.textLines(), config.eventTime());
        List<TidemarkHandlerPath.KinesisRecord> shard = TidemarkHandlerPath.asShardRecords(in.lines());
        TidemarkHandlerPath tidemark = TidemarkHandlerPath.defaults();
        long records = in.lines().size();
        List<Timed<?>> tidemarkRuns = new ArrayList<>();
        List<Timed<?>> flinkRuns = new ArrayList<>();
        ReportDiff diff = null;
        Map<String, ReportDiff> referenceDiffs = new LinkedHashMap<>();
        Report firstTidemark = null;
        Report firstFlink = null;
        long firings = 0;
        FlinkRunner.Checkpointing checkpointing = checkpointIntervalMs == null ? null
                : new FlinkRunner.Checkpointing(java.time.Duration.ofMillis(checkpointIntervalMs), out.resolve("checkpoints").toAbsolutePath());
        List<Long> checkpoints = new ArrayList<>();
        try (FlinkRunner flink = new FlinkRunner(JobSettings.from(config.coreSettings()).withCadence(cadence), checkpointing)) {
            for (int run = 1; run <= warmup + repeat; run++) {
                Timed<Report> t = tidemark.run(shard);
                Timed<FlinkRunner.Outcome> f = flink.run(in.lines());
                Report flinkReport = f.value().report();
                if (firstTidemark == null) {
                    firstTidemark = t.value();
                    firstFlink = flinkReport;
                    firings = f.value().firings();
                    diff = ReportDiff.between("tidemark", t.value(), "flink", flinkReport);
                    referenceDiffs.put("tidemark", ReportDiff.between("tidemark", t.value(), "reference", reference));
                    referenceDiffs.put("flink", ReportDiff.between("flink", flinkReport, "reference", reference));
                } else if (diff.equal()) {
                    // Every run must give the same views: a change between runs is a bug too.
                    ReportDiff again = ReportDiff.between("tidemark run 1", firstTidemark, "tidemark run " + run, t.value());
                    ReportDiff againFlink = ReportDiff.between("flink run 1", firstFlink, "flink run " + run, flinkReport);
                    diff = !again.equal() ? again : !againFlink.equal() ? againFlink : diff;
                }
                boolean measured = run > warmup;
                if (measured) {
                    tidemarkRuns.add(t);
                    flinkRuns.add(f);
                    checkpoints.add(f.value().checkpointsCompleted());
                }
                progress().printf(Locale.ROOT, "%s %d/%d: tidemark %.2f s (%.2f CPU-s), flink %.2f s (%.2f CPU-s)%s%n",
                        measured ? "run" : "warm-up", measured ? run - warmup : run, measured ? repeat : warmup,
                        t.wallNanos() / 1e9, t.cpuNanos() / 1e9, f.wallNanos() / 1e9, f.cpuNanos() / 1e9,
                        diff.equal() ? "" : "; views differ");
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new ComparisonResult(in, firstTidemark, diff, referenceDiffs, ComparisonResult.Side.of(tidemarkRuns, records),
                ComparisonResult.Side.of(flinkRuns, records), firings, warmup, loadBefore, loadAfter, checkpointing, List.copyOf(checkpoints));
    }
}
