package io.tidemark.bench.latency;

import io.tidemark.testkit.emulators.EmulatorProcesses;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bench/dashboard-latency}: starts the emulators, runs {@link DashboardLatencyRun}, prints the percentiles. */
@Command(name = "bench/dashboard-latency", mixinStandardHelpOptions = true,
        description = "Put → the dashboard's headline and revenue bar changing, on the Docker-free emulators "
                + "(tidemark run's runner in-process, tidemark dashboard as its own process, a client on /api/events).")
public final class DashboardLatency implements Callable<Integer> {

    @Option(names = "--puts", defaultValue = "360", description = "Measured puts, one record each (default ${DEFAULT-VALUE}).")
    int puts;

    @Option(names = "--rate", defaultValue = "2", description = "Puts per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--tail", defaultValue = "PT3M30S", description = "Unmeasured puts after them, so the watermark "
            + "(the latest event time less the 2-minute delay) passes the last of them (default ${DEFAULT-VALUE}).")
    Duration tail;

    @Option(names = "--cli-jar", defaultValue = "cli/target/tidemark.jar", description = "The tidemark command's jar (default ${DEFAULT-VALUE}).")
    Path cliJar;

    @Option(names = "--work-dir", defaultValue = "bench/target/dashboard-latency", description = "Emulator state and logs (default ${DEFAULT-VALUE}).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DashboardLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(cliJar)) {
            throw new IllegalArgumentException("--cli-jar " + cliJar + " does not exist: build it with ./mvnw -B -ntp -pl cli -am package -DskipTests");
        }
        PrintStream out = System.out;
        DashboardLatencyRun.Settings settings = new DashboardLatencyRun.Settings(puts, rate, tail);
        out.printf(Locale.ROOT, "dashboard latency: %d puts at %.1f/s on 1 shard, then %s of unmeasured puts; starting the emulators%n", puts,
                rate, tail);
        DashboardLatencyRun.Result r;
        try (EmulatorProcesses emulators = EmulatorProcesses.start(workDir.resolve("emulators"))) {
            r = new DashboardLatencyRun(emulators.endpoints(), cliJar, workDir.resolve("logs")).run(settings, out);
        }
        out.printf(Locale.ROOT, "put → headline includes it:      %s (%d not seen)%n", percentiles(r.headlineMicros()), r.headlineUnseen());
        out.printf(Locale.ROOT, "put → revenue bar includes it:   %s (%d not seen)%n", percentiles(r.revenueMicros()), r.revenueUnseen());
        out.printf(Locale.ROOT, "put → axis (as of) passes it:    %s%n", percentiles(r.axisMicros()));
        out.printf(Locale.ROOT, "snapshot generated → received:   %s%n", percentiles(r.deliveryMicros()));
        out.printf(Locale.ROOT, "%d snapshots received, one every %.0f ms; %.2f puts/s achieved%n", r.snapshots(), r.meanSnapshotGapMillis(),
                r.achievedRate());
        return r.headlineMicros().length == 0 ? 1 : 0;
    }

    private static String percentiles(long[] micros) {
        if (micros.length == 0) {
            return "no samples";
        }
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (long m : micros) {
            h.recordValue(Math.max(1, m));
        }
        return String.format(Locale.ROOT, "p50 %,.0f ms, p99 %,.0f ms, min %,.0f ms, max %,.0f ms over %d samples",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMinValue() / 1000.0, h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }
}
