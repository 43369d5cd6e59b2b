package io.tidemark.handlers;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the alert publisher sends alerts: SNS in the cloud ({@link SnsAlertSink}), the console in
 * {@code tidemark local} ({@link #printingTo(PrintStream)}). Must be safe to call again with the
 * same alert (delivery is at least once).
 */
@FunctionalInterface
public interface AlertSink {

    void publish(AlertMessage alert);

    /**
     * Publishes every alert (one stream record's: an alerts row holds a step's alerts); throws if
     * any could not be published, after publishing what it could (the caller retries them all:
     * repeats are allowed). One by one unless the sink batches ({@link SnsAlertSink}).
     */
    default void publishAll(List<AlertMessage> alerts) {
        alerts.forEach(this::publish);
    }

    /** One JSON line per alert ({@code {"alert_type":…, body fields…}}), e.g. to {@code System.out}. */
    static AlertSink printingTo(PrintStream out) {
        return alert -> {
            synchronized (out) {
                out.println(alert.toJson());
            }
        };
    }
}
