package io.tidemark.bench.suite;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.tidemark.bench.cost.model.ArchiveInputs;
import io.tidemark.bench.cost.model.Prices;
import io.tidemark.bench.ShardProcessorBenchmark;
import io.tidemark.bench.ShardProcessorHugePagesBenchmark;
import io.tidemark.bench.StateSizeReport;
import io.tidemark.bench.ViewsBenchmark;
import io.tidemark.bench.input.BenchInput;
import io.tidemark.aws.AwsClients;
import io.tidemark.testkit.emulators.EmulatorProcesses;
import io.tidemark.testkit.emulators.RepositoryRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs every benchmark and writes docs/benchmarks.md with its charts in docs/img/ (what
 * {@code bench/run} runs after building). Sections run in this order — JMH first, while nothing
 * else runs; then the state-size report, the write cost (Tidemark on the embedded store, the naive implementation on moto), the Flink
 * comparison, on the emulators (started and stopped here) the latency and cold-start runs, and last the cost model (what a
 * user pays a month beside Managed Flink, from this run's measurements; it also rewrites docs/deploy.md's cost tables). A
 * failing section is reported and the others still run; the exit code is 1 when any failed or a
 * correctness check (views equal to the reference, Flink agreeing) did not hold. Targets not met are
 * reported, not failures.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs every benchmark (JMH core/codec/validator/handler throughput, state sizes, DynamoDB write cost against a naive "
                + "per-event implementation, the Apache Flink comparison, end-to-end latency and cold start on the Docker-free emulators, "
                + "and what a user pays a month at 12 to 10 000 events/s beside Managed Flink) "
                + "and writes docs/benchmarks.md, docs/img/*.png and docs/deploy.md's cost tables from what it measured.",
                "Progress and every number go to stderr as they are measured; --json prints all results on stdout at the end."},
        footer = {"", "Sections: " + "jmh, state-size, write-cost, flink, latency, cold-start, quiet-stream, archive, cost.",
                "Exit codes: 0 all sections ran and every correctness check held, 1 otherwise, 2 bad usage."})
public final class BenchSuite implements Callable<Integer> {

    /** The suite's parts, in running order. */
    public enum Section {
        JMH("jmh"), STATE_SIZE("state-size"), WRITE_COST("write-cost"), FLINK("flink"), LATENCY("latency"), COLD_START("cold-start"), QUIET_STREAM("quiet-stream"), ARCHIVE("archive"), COST("cost");

        final String label;

        Section(String label) {
            this.label = label;
        }

        static Section parse(String label) {
            for (Section s : values()) {
                if (s.label.equals(label.trim())) {
                    return s;
                }
            }
            throw new CommandLine.TypeConversionException("unknown section '" + label + "': use jmh, state-size, write-cost, flink, latency, cold-start, quiet-stream, archive, cost");
        }
    }

    @Option(names = "--quick", description = "Small sizes and short JMH iterations (10 to 15 minutes; JMH numbers only indicative): for trying the command.")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SECTION", converter = SectionConverter.class,
            description = "Run only these sections (comma-separated). Implies --no-docs unless --docs is given.")
    List<Section> only;

    @Option(names = "--skip", split = ",", paramLabel = "SECTION", converter = SectionConverter.class, description = "Leave these sections out.")
    List<Section> skip;

    @Option(names = "--docs", paramLabel = "DIR", description = "Where benchmarks.md and img/ go (default: <repository>/docs).")
    Path docs;

    @Option(names = "--no-docs", description = "Write benchmarks.md and the charts into --work instead of docs/.")
    boolean noDocs;

    @Option(names = "--work", paramLabel = "DIR", description = "Inputs, logs and results.json (default: <repository>/bench/target/suite).")
    Path work;

    @Option(names = "--repository", paramLabel = "DIR", description = "The Tidemark checkout (default: found from the working directory).")
    Path repository;

    @Option(names = "--jmh-ignore-lock", description = "Run JMH even if another JMH run on this machine holds /tmp/jmh.lock (both will be noisy).")
    boolean jmhIgnoreLock;

    @Option(names = "--before", paramLabel = "COMMIT|JAR", description = "Cold start: measure an earlier build's Lambda jar beside this one's, "
            + "in the same run (a jar file, or a commit of this repository, packaged once under --work).")
    String before;

    @Option(names = "--json", description = "Print every result as JSON on stdout at the end.")
    boolean json;

    @Option(names = "--from-results", paramLabel = "FILE", description = "Run nothing: draw the charts and write benchmarks.md again from "
            + "an earlier run's results.json (the same numbers, e.g. after a change to a chart).")
    Path fromResults;

    @Option(names = "--command", hidden = true, description = "The command line to name in captions (bench/run passes its own).")
    String command;

    static final class SectionConverter implements CommandLine.ITypeConverter<Section> {
        @Override
        public Section convert(String value) {
            return Section.parse(value);
        }
    }

    /** The charts the suite draws (docs/img/ holds other images too). */
    static final List<String> CHARTS = List.of("throughput.png", "write-cost.png", "latency-view.png", "latency-alert.png", "cold-start.png", "cost.png");

    private final PrintStream progress = System.err;

    public static void main(String[] args) {
        int code = new CommandLine(new BenchSuite()).execute(args);
        System.exit(code); // the SDK leaves non-daemon threads behind
    }

    @Override
    public Integer call() throws Exception {
        Path repo = repository != null ? repository.toAbsolutePath() : RepositoryRoot.find();
        Path workDir = (work != null ? work : repo.resolve("bench/target/suite")).toAbsolutePath();
        boolean toDocs = !noDocs && (only == null || docs != null);
        Path docsDir = toDocs ? (docs != null ? docs : repo.resolve("docs")).toAbsolutePath() : workDir;
        Set<Section> sections = EnumSet.allOf(Section.class);
        if (only != null) {
            sections = EnumSet.copyOf(only);
        }
        if (skip != null) {
            skip.forEach(sections::remove);
        }
        if (fromResults != null) {
            SuiteResults earlier = mapper().readValue(fromResults.toFile(), SuiteResults.class);
            write(earlier, workDir, docsDir);
            summary(earlier);
            return earlier.problems().isEmpty() ? 0 : 1;
        }
        SuiteSize size = quick ? SuiteSize.quick() : SuiteSize.full();
        String shownCommand = command != null ? command : "bench/run" + (quick ? " --quick" : "");
        SuiteResults results = run(repo, workDir, sections, size, shownCommand);
        write(results, workDir, docsDir);
        summary(results);
        return results.problems().isEmpty() ? 0 : 1;
    }

    SuiteResults run(Path repo, Path workDir, Set<Section> sections, SuiteSize size, String shownCommand) throws IOException {
        Machine machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        progress.printf("tidemark benchmarks (%s sizes): %s; sections %s%n", size.name(), machine.summary(), sections);
        List<String> problems = new ArrayList<>();
        Path inputs = workDir.resolve("input");
        BenchInput headline = BenchInput.generate(inputs, BenchInput.withFaults(7, size.costEvents(), 1_000));
        BenchInput sweep = BenchInput.generate(inputs, BenchInput.withFaults(7, size.costSweepEvents(), 1_000));

        JmhSection.Result jmh = null;
        StateSizeReport.Result stateSize = null;
        WriteCostSection.Result writeCost = null;
        FlinkSection.Result flink = null;
        LatencySection.Result latency = null;
        ColdStartSection.Result coldStart = null;
        QuietStreamSection.Result quietStream = null;
        CostSection.Result cost = null;
        if (sections.contains(Section.JMH)) {
            if (jmhIgnoreLock) {
                System.setProperty("jmh.ignoreLock", "true");
            }
            jmh = attempt(Section.JMH, problems, () -> JmhSection.run(size));
        }
        if (sections.contains(Section.STATE_SIZE)) {
            stateSize = attempt(Section.STATE_SIZE, problems, () -> {
                progress.printf("state size: %,d events of 50 000 users%n", size.stateSizeEvents());
                StateSizeReport.Result s = StateSizeReport.measure(size.stateSizeEvents(), 50_000);
                progress.printf("state size: %.1f log bytes per record; %d samples%n", s.logBytesPerRecord(), s.rows().size());
                return s;
            });
        }
        if (sections.contains(Section.WRITE_COST)) {
            writeCost = attempt(Section.WRITE_COST, problems, () -> {
                // Tidemark runs on the embedded store; the naive implementation's transactions on moto's DynamoDB.
                try (EmulatorProcesses emulators = EmulatorProcesses.start(workDir.resolve("write-cost-emulators"));
                     var dynamo = AwsClients.forEndpoints(emulators.endpoints().asEnvironment()).dynamoDb()) {
                    return WriteCostSection.run(dynamo, headline, sweep, size, Prices.usEast1(), progress);
                }
            });
            if (writeCost != null && !(writeCost.tidemark().exactlyOnce() && writeCost.naive().exactlyOnce()
                    && writeCost.sweep().stream().allMatch(WriteCostSection.Point::exactlyOnce))) {
                problems.add("write cost: a run's views differ from the reference (exactly-once did not hold); see the tables");
            }
        }
        if (sections.contains(Section.FLINK)) {
            flink = attempt(Section.FLINK, problems, () -> FlinkSection.run(headline.file(), workDir.resolve("flink"), size.flinkRepeat(), progress));
            if (flink != null && flink.failed()) {
                problems.add("flink: the views of Flink and Tidemark differ or the comparison failed (exit " + flink.exitCode() + "): "
                        + flink.firstDifference() + " — see " + flink.log());
            }
        }
        if (sections.contains(Section.LATENCY) || sections.contains(Section.COLD_START) || sections.contains(Section.QUIET_STREAM)) {
            progress.println("emulators: starting kinesis-mock and moto (localstack/emulators/start)");
            try (EmulatorProcesses emulators = EmulatorProcesses.start(workDir.resolve("emulators"))) {
                if (sections.contains(Section.LATENCY)) {
                    latency = attempt(Section.LATENCY, problems, () -> LatencySection.run(emulators.endpoints(), size, workDir.resolve("latency"), progress));
                }
                if (sections.contains(Section.COLD_START)) {
                    BenchInput coldInput = headline.lines().size() >= ColdStartSection.FIRST_BATCH + ColdStartSection.MAX_HEAP_BATCH ? headline
                            : BenchInput.generate(inputs, BenchInput.withFaults(7, 11_000, 1_000));
                    coldStart = attempt(Section.COLD_START, problems, () -> ColdStartSection.run(emulators.endpoints(), emulators.stateDir(), repo, coldInput,
                            before == null ? null : EarlierBuild.resolve(before, repo, workDir, progress), size.coldStartRuns(),
                            workDir.resolve("cold-start"), progress));
                }
                if (sections.contains(Section.QUIET_STREAM)) {
                    quietStream = attempt(Section.QUIET_STREAM, problems, () -> QuietStreamSection.run(emulators.endpoints(), size, progress));
                    if (quietStream != null && !quietStream.curve().stream().allMatch(QuietStreamSection.Point::viewsEqualReference)) {
                        problems.add("quiet stream: a run's views differ from the reference (exactly-once did not hold); see section 4");
                    }
                }
            } catch (RuntimeException e) {
                problems.add("emulators: " + e.getMessage());
            } finally {
                progress.println("emulators: stopped");
            }
        }
        // Before the cost section, which prices the archive from it.
        ArchiveCostSection.Result archive = null;
        if (sections.contains(Section.ARCHIVE)) {
            archive = attempt(Section.ARCHIVE, problems, () -> ArchiveCostSection.run(size, progress));
        }
        if (sections.contains(Section.COST)) {
            ColdStartSection.Result runtime = coldStart;
            WriteCostSection.Result sweepMeasured = writeCost;
            ArchiveInputs archiveInputs = archive == null ? null : ArchiveCostSection.inputs(archive);
            cost = attempt(Section.COST, problems, () -> {
                // Tidemark on the embedded store; the naive pipeline's transactions on moto's DynamoDB.
                try (EmulatorProcesses emulators = EmulatorProcesses.start(workDir.resolve("cost-emulators"));
                     var dynamo = AwsClients.forEndpoints(emulators.endpoints().asEnvironment()).dynamoDb()) {
                    // The archive as the archive section measured it in this run; without it, the Firehose it replaced.
                    return CostSection.run(dynamo, sweep, headline, size.flinkRepeat(), sweepMeasured, runtime, archiveInputs,
                            workDir.resolve("cost"), progress);
                }
            });
            if (cost != null && !Boolean.TRUE.equals(cost.flinkViewsEqual())) {
                problems.add("cost: the checkpointed Flink job's views differ from Tidemark's; see " + workDir.resolve("cost/flink"));
            }
        }
        ScaleOnPaper scale = null;
        JmhSection.Score handler = jmh == null ? null : jmh.find("decodeValidateStep", null, null);
        if (writeCost != null && handler != null) {
            scale = new ScaleOnPaper(100, 1_000, meanBytes(headline), purchaseShare(headline), 500, writeCost.tidemark().writeUnitsPerEvent(),
                    writeCost.naive().writeUnitsPerEvent(), handler.score(), writeCost.pricePerMillionWrites());
        }
        return new SuiteResults(machine, size.name(), shownCommand, started.toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Machine.loadAverage(), jmh, stateSize, writeCost, flink, latency, coldStart, quietStream, cost, scale, archive, List.copyOf(problems));
    }

    /** Charts, benchmarks.md and results.json. */
    void write(SuiteResults results, Path workDir, Path docsDir) throws IOException {
        Files.createDirectories(workDir);
        Map<String, String> figures = new LinkedHashMap<>();
        // A chart this run does not draw must not linger from an earlier run.
        for (String chart : CHARTS) {
            Files.deleteIfExists(docsDir.resolve("img").resolve(chart));
        }
        Charts charts = new Charts(docsDir.resolve("img"), results.machine().summary());
        if (results.jmh() != null) {
            Map<String, Double> bars = new LinkedHashMap<>();
            Map<String, Boolean> tidemark = new LinkedHashMap<>();
            bar(bars, tidemark, "views: assign + pre-aggregate (UserViews)", results.jmh().find(ViewsBenchmark.class, "wholeStream", null, null), true);
            bar(bars, tidemark, "core (ShardProcessor)", results.jmh().find(ShardProcessorBenchmark.class, "wholeStream", "encodeLog", "false"), true);
            bar(bars, tidemark, "core, heap on huge pages", results.jmh().find(ShardProcessorHugePagesBenchmark.class, "wholeStream", "encodeLog", "false"),
                    true);
            bar(bars, tidemark, "core + log entry encoding", results.jmh().find(ShardProcessorBenchmark.class, "wholeStream", "encodeLog", "true"), true);
            bar(bars, tidemark, "handler path: JSON + validation + core + log", results.jmh().find("decodeValidateStep", null, null), true);
            bar(bars, tidemark, "KinesisHandler on the embedded store", results.jmh().find("handlerWithEmbeddedStore", null, null), true);
            if (results.flink() != null && results.flink().available() && results.flink().tidemarkPerCore() != null) {
                bars.put("Tidemark handler path (Flink comparison)", results.flink().tidemarkPerCore());
                tidemark.put("Tidemark handler path (Flink comparison)", true);
                bars.put("Apache Flink DataStream (MiniCluster)", results.flink().flinkPerCore());
                tidemark.put("Apache Flink DataStream (MiniCluster)", false);
            }
            if (!bars.isEmpty()) {
                charts.throughput("throughput.png", "Throughput per core", "JMH workloads (1 M core events; 100 000 handler events)"
                        + (results.flink() != null && results.flink().available() ? "; Flink comparison over " + results.writeCost().headlineInput() : ""),
                        bars, tidemark);
                figures.put("throughput", "img/throughput.png");
            }
        }
        if (results.writeCost() != null) {
            Map<Integer, Double> t = new java.util.TreeMap<>();
            Map<Integer, Double> n = new java.util.TreeMap<>();
            for (WriteCostSection.Point p : results.writeCost().sweep()) {
                (p.implementation().equals("tidemark") ? t : n).put(p.batchSize(), p.writeUnitsPerEvent());
            }
            charts.writeCost("write-cost.png", results.writeCost().sweepInput(), t, n, 0.1);
            figures.put("write-cost", "img/write-cost.png");
        }
        if (results.latency() != null) {
            LatencySection.Result l = results.latency();
            String input = BenchmarksDoc.count(l.settings().events()) + " records at " + l.settings().ratePerSecond() + "/s, 2 shards, emulators";
            // No chart of an empty sample: a histogram of nothing would still draw a bar.
            if (l.view().count() > 0) {
                charts.latencyHistogram("latency-view.png", "PutRecords acknowledged → view updated in DynamoDB (" + l.view().count() + " purchases)",
                        input, l.viewMicros(), l.view().p50(), l.view().p95(), l.view().p99(), 1000);
                figures.put("latency-view", "img/latency-view.png");
            }
            if (l.alert().count() > 0) {
                charts.latencyHistogram("latency-alert.png", "Deadline passed (PutRecords acknowledged) → alert received from SQS (" + l.alert().count()
                        + " alerts)", input, l.alertMicros(), l.alert().p50(), l.alert().p95(), l.alert().p99(), 1000);
                figures.put("latency-alert", "img/latency-alert.png");
            }
        }
        if (results.coldStart() != null) {
            Map<String, Map<String, Double>> phases = new LinkedHashMap<>();
            ColdStartSection.Result c = results.coldStart();
            List<ColdStartSection.Mode> modes = new ArrayList<>();
            if (c.before() != null) {
                modes.add(c.before());
            }
            modes.add(c.cold());
            modes.add(c.primed());
            for (ColdStartSection.Mode m : modes) {
                Map<String, Double> p = new LinkedHashMap<>();
                p.put("init (JVM start → handler ready)", m.initMs());
                p.put("first batch (" + c.firstBatch() + " records)", m.firstBatchMs());
                phases.put(BenchmarksDoc.coldStartLabel(c, m), p);
            }
            // The floor's handlers get the same first event: their first invocation stacks as a first batch does.
            floorBar(phases, "floor: runtime client only", c.runtimeOnly(), c.firstBatch());
            floorBar(phases, "floor: AWS SDK only", c.sdkOnly(), c.firstBatch());
            charts.coldStart("cold-start.png", results.coldStart().input(), phases);
            figures.put("cold-start", "img/cold-start.png");
        }
        if (results.cost() != null) {
            charts.cost("cost.png", results.cost());
            figures.put("cost", "img/cost.png");
        }
        Files.writeString(docsDir.resolve("benchmarks.md"), new BenchmarksDoc(results, figures).render(), StandardCharsets.UTF_8);
        if (results.cost() != null) {
            // deploy.md's cost tables come from the same run; with --no-docs they go beside results.json.
            String block = CostDoc.deployBlock(results.cost(), results.command());
            Path deploy = docsDir.resolve("deploy.md");
            if (Files.exists(deploy)) {
                Files.writeString(deploy, GeneratedBlock.replace(Files.readString(deploy, StandardCharsets.UTF_8), block), StandardCharsets.UTF_8);
            } else {
                Files.writeString(docsDir.resolve("deploy-cost.md"), block, StandardCharsets.UTF_8);
            }
        }
        String resultsJson = mapper().writeValueAsString(results);
        Files.writeString(workDir.resolve("results.json"), resultsJson, StandardCharsets.UTF_8);
        progress.println("wrote " + docsDir.resolve("benchmarks.md") + ", " + figures.size() + " charts in " + docsDir.resolve("img")
                + ", " + workDir.resolve("results.json"));
        if (json) {
            System.out.println(resultsJson);
        }
    }

    private static void floorBar(Map<String, Map<String, Double>> phases, String label, ColdStartSection.Floor f, int firstBatch) {
        if (f != null) {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("init (JVM start → handler ready)", f.initMs());
            p.put("first batch (" + firstBatch + " records)", f.firstInvocationMs());
            phases.put(label, p);
        }
    }

    private void summary(SuiteResults r) {
        progress.println("== summary (" + r.size() + " sizes; " + r.machine().summary() + ")");
        if (r.writeCost() != null) {
            progress.printf("write units per event at batch 500: Tidemark %.4f, naive %.3f (%.1f× fewer); exactly-once %s%n",
                    r.writeCost().tidemark().writeUnitsPerEvent(), r.writeCost().naive().writeUnitsPerEvent(), r.writeCost().ratio(),
                    r.writeCost().tidemark().exactlyOnce() && r.writeCost().naive().exactlyOnce() ? "held" : "DID NOT HOLD");
        }
        if (r.cost() != null) {
            CostSection.Result c = r.cost();
            for (double rate : List.of(12.0, 1_000.0)) {
                CostSection.Level l = c.level(rate, io.tidemark.bench.cost.model.KinesisMode.PROVISIONED);
                progress.printf("cost at %,.0f events/s (provisioned Kinesis): Tidemark $%s, Managed Flink $%s a month: %.2f×%n", rate,
                        l.tidemark().totalRounded(), l.flink().totalRounded(), l.ratioToFlink());
            }
        }
        if (r.latency() != null) {
            progress.printf("latency p99: view %.0f ms, alert %.0f ms%n", r.latency().view().p99(), r.latency().alert().p99());
        }
        if (r.coldStart() != null) {
            progress.printf("cold start: %.0f ms to the first batch (primed: first batch %.0f ms)%s; Lambda jar %,d bytes%n",
                    r.coldStart().cold().startToFirstBatchMs(), r.coldStart().primed().firstBatchMs(), r.coldStart().before() == null ? ""
                            : String.format(" — before: %.0f ms", r.coldStart().before().startToFirstBatchMs()), r.coldStart().thisJar().bytes());
            if (r.coldStart().runtimeOnly() != null && r.coldStart().sdkOnly() != null) {
                progress.printf("cold start floor: runtime client only %.0f ms, AWS SDK only %.0f ms (JVM start → first invocation)%n",
                        r.coldStart().runtimeOnly().startToFirstInvocationMs(), r.coldStart().sdkOnly().startToFirstInvocationMs());
            }
        }
        if (r.flink() != null) {
            progress.println(r.flink().available() ? "flink: views " + (Boolean.TRUE.equals(r.flink().viewsEqual()) ? "equal" : "DIFFER")
                    + ", ratio " + r.flink().ratio() : "flink: not in this build (skipped)");
        }
        r.problems().forEach(p -> progress.println("PROBLEM: " + p));
    }

    private static void bar(Map<String, Double> bars, Map<String, Boolean> tidemark, String label, JmhSection.Score score, boolean ours) {
        if (score != null) {
            bars.put(label, score.score());
            tidemark.put(label, ours);
        }
    }

    static JsonMapper mapper() {
        SimpleModule durations = new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance)
                .addDeserializer(Duration.class, new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(Duration.class) {
                    @Override
                    protected Duration _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext context) {
                        return Duration.parse(value);
                    }
                });
        return JsonMapper.builder().addModule(durations).enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    @FunctionalInterface
    interface Part<T> {
        T run() throws Exception;
    }

    private <T> T attempt(Section section, List<String> problems, Part<T> part) {
        long started = System.nanoTime();
        try {
            T result = part.run();
            progress.printf("%s: done in %.0f s%n", section.label, (System.nanoTime() - started) / 1e9);
            return result;
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            problems.add(section.label + " failed: " + e);
            e.printStackTrace(progress);
            return null;
        }
    }

    private static double meanBytes(BenchInput input) {
        return input.lines().stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
    }

    private static double purchaseShare(BenchInput input) {
        return input.lines().stream().filter(l -> l.contains("\"type\":\"purchase\"")).count() / (double) input.lines().size();
    }
}
