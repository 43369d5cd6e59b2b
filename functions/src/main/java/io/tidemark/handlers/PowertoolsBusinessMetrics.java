package io.tidemark.handlers;

import io.tidemark.config.PipelineMetrics;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.StepMetricDeltas;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Business metrics through Powertools for AWS Lambda (Java) v2 Metrics: EMF log lines in namespace
 * {@code Tidemark} with the single dimension {@code Pipeline} (the table prefix) in place of
 * Powertools' default {@code Service}, as the dashboard expects. One line per step with the record
 * outcomes, revenue, orders, ad impressions, clicks, newly attributed clicks and newly recorded
 * alerts; one line per customer tier with revenue in the step (dimensions Pipeline and Tier); one
 * line per active-user window that became
 * final, timestamped at the window's end (CloudWatch accepts timestamps from 14 days back to 2 hours
 * ahead; older windows, as in a replay of old data, are not emitted).
 */
public final class PowertoolsBusinessMetrics implements BusinessMetrics {

    private static final Duration MAX_AGE = Duration.ofDays(14).minusMinutes(5);
    private static final Duration MAX_AHEAD = Duration.ofHours(2).minusMinutes(5);

    private final Metrics metrics;
    private final String pipeline;
    private final LongSupplier clock;

    public PowertoolsBusinessMetrics(Metrics metrics, String pipeline, LongSupplier clock) {
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.clock = clock;
        metrics.setNamespace(PipelineMetrics.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of(PipelineMetrics.PIPELINE_DIMENSION, pipeline));
    }

    @Override
    public synchronized void stepCompleted(StepExecutor.Outcome o) {
        if (!o.committed()) {
            return;
        }
        long now = clock.getAsLong();
        for (StepMetricDeltas.FinalWindow w : o.finalWindows()) {
            long end = w.window().end();
            if (end >= now - MAX_AGE.toMillis() && end <= now + MAX_AHEAD.toMillis()) {
                metrics.setTimestamp(Instant.ofEpochMilli(end));
                metrics.addMetric(PipelineMetrics.ACTIVE_USERS, w.users(), MetricUnit.COUNT);
                metrics.flush();
            }
        }
        var c = o.effects().counts();
        metrics.setTimestamp(Instant.ofEpochMilli(now));
        metrics.addMetric(PipelineMetrics.EVENTS_ACCEPTED, c.accepted(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.EVENTS_DUPLICATE, c.duplicates(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.EVENTS_REJECTED, c.rejected(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.EVENTS_LATE, c.late(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.ORDERS, o.orders(), MetricUnit.COUNT);
        // Display only: the exact decimal lives in the views table.
        metrics.addMetric(PipelineMetrics.REVENUE, o.revenue().doubleValue(), MetricUnit.NONE);
        metrics.addMetric(PipelineMetrics.CART_ABANDONMENTS, o.newAlerts().size(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.AD_IMPRESSIONS, o.joins().impressions(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.AD_CLICKS, o.joins().clicks(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.ATTRIBUTED_CLICKS, o.joins().attributedClicks(), MetricUnit.COUNT);
        metrics.flush();
        // A metric of its own per tier: addDimension would add a separate [Tier] set and keep it for later lines.
        new TreeMap<>(o.joins().revenueByTier()).forEach((tier, revenue) -> metrics.flushSingleMetric(PipelineMetrics.TIER_REVENUE,
                revenue.revenue().doubleValue(), MetricUnit.NONE, PipelineMetrics.NAMESPACE,
                DimensionSet.of(PipelineMetrics.PIPELINE_DIMENSION, pipeline, PipelineMetrics.TIER_DIMENSION, tier)));
    }

    @Override
    public synchronized void shardsHandedOver(StepExecutor.HandedOver handOver) {
        metrics.setTimestamp(Instant.ofEpochMilli(clock.getAsLong()));
        metrics.addMetric(PipelineMetrics.SHARDS_HANDED_OVER, handOver.parents().size(), MetricUnit.COUNT);
        metrics.addMetric(PipelineMetrics.USERS_HANDED_OVER, handOver.children().values().stream().mapToInt(Integer::intValue).sum(),
                MetricUnit.COUNT);
        metrics.flush();
    }

    @Override
    public synchronized void alertsPublished(int count) {
        metrics.setTimestamp(Instant.ofEpochMilli(clock.getAsLong()));
        metrics.addMetric(PipelineMetrics.ALERTS_PUBLISHED, count, MetricUnit.COUNT);
        metrics.flush();
    }
}
