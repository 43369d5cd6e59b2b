package io.tidemark.bench.suite;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.bench.coldstart.ColdStartRun;
import io.tidemark.bench.input.BenchInput;
import io.tidemark.testkit.emulators.Endpoints;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Cold start in fresh JVMs against the DynamoDB Local server: without and with SnapStart's priming; heap after a 10 000-record batch. */
public final class ColdStartSection {

    static final int FIRST_BATCH = 500;
    static final int HEAP_BATCH = 10_000;

    /** Medians over the runs of one mode. */
    public record Mode(String mode, int runs, double jvmToMainMs, double initMs, double primingMs, double firstBatchMs, double startToFirstBatchMs,
                       double heapPeakMiB, double heapRetainedMiB, double heapAfterBatchMiB) {

        static Mode of(String mode, List<ColdStartRun.Sample> samples) {
            return new Mode(mode, samples.size(), median(samples, ColdStartRun.Sample::jvmToMainMs), median(samples, ColdStartRun.Sample::initMs),
                    median(samples, ColdStartRun.Sample::primingMs), median(samples, ColdStartRun.Sample::firstBatchMs),
                    median(samples, ColdStartRun.Sample::startToFirstBatchMs), median(samples, s -> s.heapPeak() / MIB),
                    median(samples, s -> s.heapRetained() / MIB), median(samples, s -> s.heapAfterBatch() / MIB));
        }
    }

    public record Result(Mode cold, Mode primed, List<ColdStartRun.Sample> samples, List<String> jvmFlags, int firstBatch, int heapBatch,
                         String input) {

        /** Init (JVM start → first batch handled) under 1 s, and the 10 000-record batch within a 128 MiB heap. */
        public boolean meetsTarget() {
            return cold.startToFirstBatchMs() < 1000 && cold.heapPeakMiB() < 128 && primed.heapPeakMiB() < 128;
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private ColdStartSection() {
    }

    public static Result run(Endpoints endpoints, Path repository, BenchInput input, int runs, Path logDir, PrintStream progress)
            throws IOException, InterruptedException {
        try (var dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            ColdStartRun run = new ColdStartRun(dynamo, endpoints.dynamoDb(), ColdStartRun.lambdaJar(repository), repository.resolve("bench/target/classes"),
                    input.file(), logDir);
            List<ColdStartRun.Sample> all = new ArrayList<>();
            List<ColdStartRun.Sample> cold = new ArrayList<>();
            List<ColdStartRun.Sample> primed = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                for (String mode : List.of("cold", "primed")) {
                    ColdStartRun.Sample s = run.measure(mode, FIRST_BATCH, HEAP_BATCH);
                    progress.printf("  cold start %-6s run %d: JVM→main %.0f ms, init %.0f ms, priming %.0f ms, first batch %.0f ms; heap peak %.1f MiB, "
                                    + "retained %.1f MiB%n", mode, i + 1, s.jvmToMainMs(), s.initMs(), s.primingMs(), s.firstBatchMs(),
                            s.heapPeak() / MIB, s.heapRetained() / MIB);
                    all.add(s);
                    (mode.equals("cold") ? cold : primed).add(s);
                }
            }
            return new Result(Mode.of("cold", cold), Mode.of("primed", primed), List.copyOf(all), ColdStartRun.JVM_FLAGS, FIRST_BATCH, HEAP_BATCH,
                    input.describe());
        }
    }

    static double median(List<ColdStartRun.Sample> samples, ToDoubleFunction<ColdStartRun.Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
