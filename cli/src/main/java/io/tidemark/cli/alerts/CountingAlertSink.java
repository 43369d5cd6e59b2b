package io.tidemark.cli.alerts;

import io.tidemark.handlers.AlertMessage;
import io.tidemark.handlers.AlertSink;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a sink published: alert messages (a repeat of an alert counts again: delivery is at least once)
 * and distinct alerts by {@code alert_id} — what {@code tidemark run} reports, rather than the alerts table's
 * rows (one row holds all the alerts of a step).
 */
public final class CountingAlertSink implements AlertSink {

    private final AlertSink sink;
    private final AtomicLong messages = new AtomicLong();
    private final Set<String> alerts = ConcurrentHashMap.newKeySet();

    public CountingAlertSink(AlertSink sink) {
        this.sink = sink;
    }

    @Override
    public void publish(AlertMessage alert) {
        sink.publish(alert);
        messages.incrementAndGet();
        alerts.add(alert.alertId());
    }

    @Override
    public void publishAll(List<AlertMessage> batch) {
        sink.publishAll(batch); // keeps the sink's own batching (SNS PublishBatch)
        messages.addAndGet(batch.size());
        batch.forEach(a -> alerts.add(a.alertId()));
    }

    public long messages() {
        return messages.get();
    }

    public long distinctAlerts() {
        return alerts.size();
    }
}
