package io.tidemark.bench.suite;

import io.tidemark.bench.latency.LatencyRun;
import io.tidemark.testkit.emulators.Endpoints;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/** End-to-end latency on the emulators: percentiles of PutRecords-acknowledged → view updated, and → alert received. */
public final class LatencySection {

    /** Percentiles in milliseconds over {@code count} samples. */
    public record Percentiles(long count, double p50, double p95, double p99, double max) {

        static Percentiles of(long[] micros) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            for (long m : micros) {
                h.recordValue(Math.max(1, m));
            }
            return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    public record Result(LatencyRun.Settings settings, Percentiles view, Percentiles alert, long[] viewMicros, long[] alertMicros,
                         long purchasesSent, long cartsSent, long purchasesUnseen, long alertsUnseen, double pollCycleMillis,
                         double achievedRate) {

        public boolean meetsTarget() {
            return view.count() >= 1 && view.p99() < 1000 && (alert.count() == 0 || alert.p99() < 1000);
        }
    }

    private LatencySection() {
    }

    public static Result run(Endpoints endpoints, SuiteSize size, Path logDir, PrintStream progress) throws IOException, InterruptedException {
        LatencyRun.Settings settings = new LatencyRun.Settings(size.latencyEvents(), size.latencyRate(), 2, size.latencySpeedup(), 10,
                Duration.ofMillis(10));
        progress.printf("latency: %,d records at %d/s on 2 shards (event time ×%d), batching window 0%n", settings.events(),
                settings.ratePerSecond(), settings.speedup());
        LatencyRun.Result r = new LatencyRun(endpoints, logDir).run(settings, progress);
        Result result = new Result(settings, Percentiles.of(r.viewLatenciesMicros()), Percentiles.of(r.alertLatenciesMicros()), r.viewLatenciesMicros(),
                r.alertLatenciesMicros(), r.purchasesSent(), r.cartsSent(), r.purchasesUnseen(), r.alertsUnseen(), r.meanPollCycleMillis(),
                r.achievedRate());
        progress.printf("latency: view p50 %.0f ms, p95 %.0f ms, p99 %.0f ms over %,d purchases (%,d unseen); alert p50 %.0f ms, p95 %.0f ms, "
                        + "p99 %.0f ms over %,d alerts (%,d unseen); poll cycle %.1f ms; %.0f records/s sent%n",
                result.view().p50(), result.view().p95(), result.view().p99(), result.view().count(), r.purchasesUnseen(),
                result.alert().p50(), result.alert().p95(), result.alert().p99(), result.alert().count(), r.alertsUnseen(),
                r.meanPollCycleMillis(), r.achievedRate());
        return result;
    }
}
