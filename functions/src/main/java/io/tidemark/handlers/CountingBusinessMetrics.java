package io.tidemark.handlers;

import io.tidemark.config.PipelineMetrics;
import io.tidemark.dynamodb.StepExecutor;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** Business metrics added up in memory: for the local runner's summary and for tests. */
public final class CountingBusinessMetrics implements BusinessMetrics {

    private final TreeMap<String, Long> counts = new TreeMap<>();
    private BigDecimal revenue = BigDecimal.ZERO;
    private final TreeMap<String, BigDecimal> revenueByTier = new TreeMap<>();

    @Override
    public synchronized void stepCompleted(StepExecutor.Outcome o) {
        if (!o.committed()) {
            return;
        }
        var c = o.effects().counts();
        add(PipelineMetrics.EVENTS_ACCEPTED, c.accepted());
        add(PipelineMetrics.EVENTS_DUPLICATE, c.duplicates());
        add(PipelineMetrics.EVENTS_REJECTED, c.rejected());
        add(PipelineMetrics.EVENTS_LATE, c.late());
        add(PipelineMetrics.ORDERS, o.orders());
        add(PipelineMetrics.CART_ABANDONMENTS, o.newAlerts().size());
        o.finalWindows().forEach(w -> add(PipelineMetrics.ACTIVE_USERS, w.users()));
        add(PipelineMetrics.AD_IMPRESSIONS, o.joins().impressions());
        add(PipelineMetrics.AD_CLICKS, o.joins().clicks());
        add(PipelineMetrics.ATTRIBUTED_CLICKS, o.joins().attributedClicks());
        revenue = revenue.add(o.revenue());
        o.joins().revenueByTier().forEach((tier, t) -> revenueByTier.merge(tier, t.revenue(), BigDecimal::add));
    }

    @Override
    public synchronized void shardsHandedOver(StepExecutor.HandedOver handOver) {
        add(PipelineMetrics.SHARDS_HANDED_OVER, handOver.parents().size());
        add(PipelineMetrics.USERS_HANDED_OVER, handOver.children().values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Revenue reported per customer tier so far. */
    public synchronized Map<String, BigDecimal> revenueByTier() {
        return new TreeMap<>(revenueByTier);
    }

    @Override
    public synchronized void alertsPublished(int count) {
        add(PipelineMetrics.ALERTS_PUBLISHED, count);
    }

    private void add(String name, long n) {
        counts.merge(name, n, Long::sum);
    }

    public synchronized long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    public synchronized BigDecimal revenue() {
        return revenue;
    }

    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }
}
