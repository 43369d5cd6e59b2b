package io.tidemark.handlers;

import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineMetrics;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StepMetricDeltas;
import io.tidemark.metrics.EmfLine;
import io.tidemark.metrics.EmfLine.Dimension;
import io.tidemark.metrics.EmfLine.Metric;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Business metrics as CloudWatch EMF log lines ({@link EmfLine}) on standard output, where Lambda sends them to
 * CloudWatch Logs, which extracts the metrics: namespace {@code Tidemark}, the single dimension {@code Pipeline} (the
 * table prefix), as the dashboard expects. One line per committed step with the record outcomes, revenue, orders, ad
 * impressions, clicks, newly attributed clicks and newly recorded alerts; one line per customer tier with revenue in
 * the step (dimensions Pipeline and Tier); one line per active-user window that became final, timestamped at the
 * window's end (CloudWatch accepts timestamps from 14 days back to 2 hours ahead; older windows, as in a replay of old
 * data, are not emitted); one line per hand-over and per relayed batch of alerts. Revenue is written exactly as summed.
 */
public final class EmfBusinessMetrics implements BusinessMetrics {

    private static final Duration MAX_AGE = Duration.ofDays(14).minusMinutes(5);
    private static final Duration MAX_AHEAD = Duration.ofHours(2).minusMinutes(5);

    private final Dimension pipeline;
    private final PrintStream out;
    private final LongSupplier clock;

    public EmfBusinessMetrics(String pipeline, PrintStream out, LongSupplier clock) {
        this.pipeline = new Dimension(PipelineMetrics.PIPELINE_DIMENSION, pipeline);
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A function's metrics: these lines, or none when {@code POWERTOOLS_METRICS_DISABLED} is {@code true} (any case). */
    public static BusinessMetrics fromEnvironment(Map<String, String> env, String pipeline, PrintStream out, LongSupplier clock) {
        String disabled = env.getOrDefault(FunctionEnvironment.POWERTOOLS_METRICS_DISABLED, "");
        return "true".equalsIgnoreCase(disabled.trim()) ? BusinessMetrics.NONE : new EmfBusinessMetrics(pipeline, out, clock);
    }

    @Override
    public void stepCompleted(StepExecutor.Outcome o) {
        if (!o.committed()) {
            return;
        }
        long now = clock.getAsLong();
        for (StepMetricDeltas.FinalWindow w : o.finalWindows()) {
            long end = w.window().end();
            if (end >= now - MAX_AGE.toMillis() && end <= now + MAX_AHEAD.toMillis()) {
                print(line(end, Metric.count(PipelineMetrics.ACTIVE_USERS, w.users())));
            }
        }
        var c = o.effects().counts();
        print(line(now,
                Metric.count(PipelineMetrics.EVENTS_ACCEPTED, c.accepted()),
                Metric.count(PipelineMetrics.EVENTS_DUPLICATE, c.duplicates()),
                Metric.count(PipelineMetrics.EVENTS_REJECTED, c.rejected()),
                Metric.count(PipelineMetrics.EVENTS_LATE, c.late()),
                Metric.count(PipelineMetrics.ORDERS, o.orders()),
                Metric.plain(PipelineMetrics.REVENUE, o.revenue()),
                Metric.count(PipelineMetrics.CART_ABANDONMENTS, o.newAlerts().size()),
                Metric.count(PipelineMetrics.AD_IMPRESSIONS, o.joins().impressions()),
                Metric.count(PipelineMetrics.AD_CLICKS, o.joins().clicks()),
                Metric.count(PipelineMetrics.ATTRIBUTED_CLICKS, o.joins().attributedClicks())));
        new TreeMap<>(o.joins().revenueByTier()).forEach((tier, revenue) -> print(new EmfLine(PipelineMetrics.NAMESPACE, now,
                List.of(pipeline, new Dimension(PipelineMetrics.TIER_DIMENSION, tier)),
                List.of(Metric.plain(PipelineMetrics.TIER_REVENUE, revenue.revenue())))));
    }

    @Override
    public void shardsHandedOver(StepExecutor.HandedOver handOver) {
        print(line(clock.getAsLong(),
                Metric.count(PipelineMetrics.SHARDS_HANDED_OVER, handOver.parents().size()),
                Metric.count(PipelineMetrics.USERS_HANDED_OVER, handOver.children().values().stream().mapToLong(Integer::longValue).sum())));
    }

    @Override
    public void alertsPublished(int count) {
        print(line(clock.getAsLong(), Metric.count(PipelineMetrics.ALERTS_PUBLISHED, count)));
    }

    private EmfLine line(long timestamp, Metric... metrics) {
        return EmfLine.of(PipelineMetrics.NAMESPACE, timestamp, pipeline, List.of(metrics));
    }

    private void print(EmfLine line) {
        String json = line.toJson();
        synchronized (out) {
            out.println(json);
        }
    }
}
