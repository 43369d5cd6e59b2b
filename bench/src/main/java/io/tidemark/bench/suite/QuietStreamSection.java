package io.tidemark.bench.suite;

import io.tidemark.bench.latency.QuietStreamRun;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.testkit.emulators.Endpoints;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a quiet stream costs and how fast its views follow, at the default settings and at a few other latency budgets:
 * {@link QuietStreamRun} at 12 records/s on one shard, budget by budget (one at a time: the emulators serve one request at
 * a time, so runs side by side would slow each other).
 */
public final class QuietStreamSection {

    /** The promise at the default settings. */
    public static final double TARGET_WRITE_UNITS_PER_EVENT = 0.3;
    public static final double TARGET_P99_MILLIS = 3_000;
    static final int RATE = 12;

    /**
     * One latency budget's run; names as the cost model reads them from results.json.
     *
     * @param latencyBudgetSeconds     the deployment's {@code latencyBudget}
     * @param batchingWindowSeconds    the event source mapping's batching window it gives
     * @param writeUnitsPerEvent       the whole run's write units (end of input included) per accepted event
     * @param liveWriteUnitsPerEvent   the write units until the stream was drained (no end of input) per accepted event
     * @param putToViewMillis          PutRecords acknowledged → the handler invocation that applied the record returned
     * @param viewsEqualReference      the views read back equal the reference of the records sent
     */
    public record Point(int ratePerSecond, int shards, double latencyBudgetSeconds, double batchingWindowSeconds, double seconds, long records,
                        long acceptedEvents, double writeUnits, double writeUnitsPerEvent, double liveWriteUnitsPerEvent, double readUnitsPerEvent,
                        long batches, double meanBatch, double achievedRate, LatencySection.Percentiles putToViewMillis, long unapplied,
                        boolean viewsEqualReference, String firstDifference) {

        static Point of(QuietStreamRun.Result r) {
            return new Point(r.settings().ratePerSecond(), 1, r.settings().latencyBudget().toMillis() / 1000.0, r.batchingWindow().toMillis() / 1000.0,
                    r.settings().duration().toSeconds(), r.records(), r.acceptedEvents(), r.writeUnits(), r.writeUnits() / r.acceptedEvents(),
                    r.liveWriteUnits() / r.acceptedEvents(), r.readUnits() / r.acceptedEvents(), r.batches(), r.meanBatch(), r.achievedRate(),
                    LatencySection.Percentiles.of(r.latencyMicros()), r.unapplied(), r.firstDifference().isEmpty(), r.firstDifference().orElse(null));
        }

        public boolean meetsTarget() {
            return writeUnitsPerEvent <= TARGET_WRITE_UNITS_PER_EVENT && putToViewMillis.p99() <= TARGET_P99_MILLIS && unapplied == 0
                    && viewsEqualReference;
        }
    }

    /**
     * @param atDefaults the default latency budget, run longest (the summary's numbers)
     * @param curve      every budget measured, the default's run among them, by budget
     */
    public record Result(Point atDefaults, List<Point> curve, double seconds) {
    }

    private QuietStreamSection() {
    }

    /** Budgets of the curve beside the default; run lengths: the default's long enough for a stable p99, the others shorter. */
    static List<Duration> curveBudgets() {
        List<Duration> budgets = new ArrayList<>();
        for (int seconds = 1; seconds <= 4; seconds++) {
            if (!Duration.ofSeconds(seconds).equals(EventSourceSettings.DEFAULT_LATENCY_BUDGET)) {
                budgets.add(Duration.ofSeconds(seconds));
            }
        }
        return budgets;
    }

    public static Result run(Endpoints endpoints, SuiteSize size, PrintStream progress) throws InterruptedException {
        long started = System.nanoTime();
        Duration main = size.isQuick() ? Duration.ofSeconds(90) : Duration.ofMinutes(5);
        Duration other = size.isQuick() ? Duration.ofSeconds(45) : Duration.ofMinutes(2);
        QuietStreamRun runs = new QuietStreamRun(endpoints);
        // Not measured: the first run of a JVM pays class loading and compilation, as a cold Lambda container does (section 5).
        progress.println("quiet stream: warming up (20 s, not measured)");
        runs.run(new QuietStreamRun.Settings(RATE, Duration.ofSeconds(20), Duration.ofSeconds(1), 11), progress);
        Point atDefaults = measure(runs, new QuietStreamRun.Settings(RATE, main, EventSourceSettings.DEFAULT_LATENCY_BUDGET, 7), progress);
        List<Point> curve = new ArrayList<>();
        curve.add(atDefaults);
        for (Duration budget : curveBudgets()) {
            curve.add(measure(runs, new QuietStreamRun.Settings(RATE, other, budget, 7), progress));
        }
        curve.sort(java.util.Comparator.comparingDouble(Point::latencyBudgetSeconds));
        return new Result(atDefaults, List.copyOf(curve), (System.nanoTime() - started) / 1e9);
    }

    private static Point measure(QuietStreamRun runs, QuietStreamRun.Settings s, PrintStream progress) throws InterruptedException {
        progress.printf("quiet stream: %d records/s on 1 shard for %d s, latency budget %d s%n", s.ratePerSecond(), s.duration().toSeconds(),
                s.latencyBudget().toSeconds());
        Point p = Point.of(runs.run(s, progress));
        progress.printf("  budget %.0f s (window %.0f s): %.4f WU/event (%.4f live), %.1f records a batch; put → view p50 %.0f ms, p99 %.0f ms, "
                        + "max %.0f ms over %,d records (%d unapplied); %s%n", p.latencyBudgetSeconds(), p.batchingWindowSeconds(), p.writeUnitsPerEvent(),
                p.liveWriteUnitsPerEvent(), p.meanBatch(), p.putToViewMillis().p50(), p.putToViewMillis().p99(), p.putToViewMillis().max(),
                p.putToViewMillis().count(), p.unapplied(), p.viewsEqualReference() ? "views = reference" : "VIEWS DIFFER: " + p.firstDifference());
        return p;
    }
}
