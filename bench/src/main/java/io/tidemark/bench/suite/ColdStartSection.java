package io.tidemark.bench.suite;

import io.tidemark.aws.AwsClients;
import io.tidemark.bench.coldstart.ColdStartRun;
import io.tidemark.bench.coldstart.CpuIsolation;
import io.tidemark.bench.coldstart.FloorRun;
import io.tidemark.bench.input.BenchInput;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.testkit.emulators.Endpoints;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import io.tidemark.testkit.lambda.TriggerEvents;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Cold start under the real Lambda runtime (Runtime Interface Emulator + Java Runtime Interface
 * Client), pinned to one CPU, against the emulator stack's DynamoDB: this build's Lambda jar cold and
 * primed and, when given, an earlier build's jar cold, interleaved run by run so that the machine's
 * load falls on all alike; with each jar's bytes and entries. Beside them, in the same rounds, the floor
 * ({@link FloorRun}): the runtime client alone, and the AWS SDK's DynamoDB client with the first batch's
 * four kinds of call — what any handler pays, so what of the cold start is not Tidemark's.
 */
public final class ColdStartSection {

    static final int FIRST_BATCH = 500;
    static final int MAX_HEAP_BATCH = 10_000;
    /** The event source mapping's largest invocation payload. */
    static final int MAX_EVENT_BYTES = 6_000_000;

    /** Medians over the runs of one build and mode. */
    public record Mode(String build, String mode, int runs, double initMs, double firstBatchMs, double startToFirstBatchMs, double heapBatchMs,
                       double heapBeforeGcMiB, double heapAfterLastGcMiB) {

        static Mode of(String build, String mode, List<ColdStartRun.Sample> samples) {
            return new Mode(build, mode, samples.size(), median(samples, ColdStartRun.Sample::initMs), median(samples, ColdStartRun.Sample::firstBatchMs),
                    median(samples, ColdStartRun.Sample::startToFirstBatchMs), median(samples, ColdStartRun.Sample::heapBatchMs),
                    median(samples, ColdStartRun.Sample::heapBeforeGcMiB), median(samples, ColdStartRun.Sample::heapAfterLastGcMiB));
        }
    }

    /** Medians over the runs of one floor handler. */
    public record Floor(FloorRun.Handler handler, int runs, double initMs, double firstInvocationMs, double startToFirstInvocationMs) {

        static Floor of(FloorRun.Handler handler, List<FloorRun.Sample> samples) {
            List<FloorRun.Sample> mine = samples.stream().filter(s -> s.handler() == handler).toList();
            return new Floor(handler, mine.size(), median(mine, FloorRun.Sample::initMs), median(mine, FloorRun.Sample::firstInvocationMs),
                    median(mine, FloorRun.Sample::startToFirstInvocationMs));
        }
    }

    /** A measured jar. */
    public record Jar(String build, String source, long bytes, int entries) {
    }

    /**
     * @param before      the earlier build's jar cold, or null when none was given
     * @param runtimeOnly the floor of the runtime client alone; null in results of runs that did not measure it
     * @param sdkOnly     the floor of the runtime client and the AWS SDK's first batch; null where not measured
     */
    public record Result(Jar thisJar, Jar beforeJar, Mode cold, Mode primed, Mode before, List<ColdStartRun.Sample> samples, List<String> jvmFlags,
                         String javaToolOptions, int cpu, int firstBatch, int heapBatch, String input, Floor runtimeOnly, Floor sdkOnly,
                         List<FloorRun.Sample> floorSamples, String othersOnCpus) {

        /** JVM start → first batch handled under 1 s, and the heap batch within the capped heap. */
        public boolean meetsTarget() {
            return cold.startToFirstBatchMs() < 1000;
        }
    }

    private ColdStartSection() {
    }

    /**
     * @param before an earlier build's Lambda jar to measure beside this one (its source named), or null
     */
    public static Result run(Endpoints endpoints, Path emulatorStateDir, Path repository, BenchInput input, ColdStartRun.Build before, int runs, Path logDir,
                             PrintStream progress) throws IOException {
        LambdaRuntimePieces runtime = LambdaRuntimePieces.install();
        ColdStartRun.Build current = ColdStartRun.Build.of("this", "this build", ColdStartRun.lambdaJar(repository));
        List<String> lines = input.lines();
        Instant arrival = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String firstEvent = event(lines.subList(0, FIRST_BATCH), 0, arrival);
        int heapBatch = Math.min(MAX_HEAP_BATCH, lines.size() - FIRST_BATCH);
        String heapEvent = event(lines.subList(FIRST_BATCH, FIRST_BATCH + heapBatch), FIRST_BATCH, arrival);
        while (heapEvent.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            heapBatch = heapBatch * 9 / 10;
            heapEvent = event(lines.subList(FIRST_BATCH, FIRST_BATCH + heapBatch), FIRST_BATCH, arrival);
        }
        try (var dynamo = AwsClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            ColdStartRun run = new ColdStartRun(dynamo, endpoints.dynamoDb(), runtime, firstEvent, heapEvent, logDir);
            FloorRun floor = new FloorRun(dynamo, endpoints.dynamoDb(), runtime, current.jar(), firstEvent, logDir);
            List<ColdStartRun.Sample> all = new ArrayList<>();
            List<FloorRun.Sample> floors = new ArrayList<>();
            String othersOnCpus;
            try (CpuIsolation isolation = CpuIsolation.keepOthersOff(ColdStartRun.CPU, emulatorStateDir)) {
                othersOnCpus = isolation.otherCpus();
                progress.println(isolation.isolated() ? "  cold start: the emulators and the benchmark's JVM moved to CPU " + othersOnCpus
                        + ", the function alone on CPU " + ColdStartRun.CPU : "  cold start: one CPU or no taskset: the emulators share the function's CPU");
                for (int i = 0; i < runs; i++) {
                    if (before != null) {
                        all.add(report(progress, i, run.measure(before, false)));
                    }
                    all.add(report(progress, i, run.measure(current, false)));
                    all.add(report(progress, i, run.measure(current, true)));
                    for (FloorRun.Handler h : FloorRun.Handler.values()) {
                        floors.add(report(progress, i, floor.measure(h)));
                    }
                }
            }
            Mode beforeCold = before == null ? null : Mode.of(before.name(), "cold", select(all, before.name(), "cold"));
            return new Result(jar(current), before == null ? null : jar(before), Mode.of(current.name(), "cold", select(all, current.name(), "cold")),
                    Mode.of(current.name(), "primed", select(all, current.name(), "primed")), beforeCold, List.copyOf(all), ColdStartRun.JVM_FLAGS,
                    FunctionEnvironment.JVM_OPTIONS, ColdStartRun.CPU, FIRST_BATCH, heapBatch, input.describe(),
                    Floor.of(FloorRun.Handler.RUNTIME_ONLY, floors), Floor.of(FloorRun.Handler.SDK_ONLY, floors), List.copyOf(floors), othersOnCpus);
        }
    }

    private static ColdStartRun.Sample report(PrintStream progress, int i, ColdStartRun.Sample s) {
        progress.printf("  cold start %-6s %-6s run %d: init %.0f ms, first batch %.0f ms (JVM start → first batch %.0f ms); heap batch %.0f ms, "
                + "largest heap at a collection %.0f MiB%n", s.build(), s.mode(), i + 1, s.initMs(), s.firstBatchMs(), s.startToFirstBatchMs(),
                s.heapBatchMs(), s.heapBeforeGcMiB());
        return s;
    }

    private static FloorRun.Sample report(PrintStream progress, int i, FloorRun.Sample s) {
        progress.printf("  cold start floor %-12s run %d: init %.0f ms, first invocation %.0f ms (JVM start → first invocation %.0f ms)%n",
                s.handler(), i + 1, s.initMs(), s.firstInvocationMs(), s.startToFirstInvocationMs());
        return s;
    }

    private static List<ColdStartRun.Sample> select(List<ColdStartRun.Sample> all, String build, String mode) {
        return all.stream().filter(s -> s.build().equals(build) && s.mode().equals(mode)).toList();
    }

    private static Jar jar(ColdStartRun.Build b) {
        return new Jar(b.name(), b.source(), b.bytes(), b.entries());
    }

    /** The lines as one shard's batch of the Kinesis event source mapping. */
    private static String event(List<String> lines, int offset, Instant arrival) {
        List<TriggerEvents.KinesisRecord> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            byte[] data = lines.get(i).getBytes(StandardCharsets.UTF_8);
            records.add(new TriggerEvents.KinesisRecord("shardId-000000000000", String.format("4960%052d", offset + i + 1),
                    io.tidemark.events.PartitionKeys.of(data), data, arrival));
        }
        return TriggerEvents.kinesis("tidemark-events", records);
    }

    static <T> double median(List<T> samples, ToDoubleFunction<T> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
