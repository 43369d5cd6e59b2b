package io.tidemark.handlers;

import java.io.PrintStream;

/**
 * Where the alert publisher sends alerts: SNS in the cloud ({@link SnsAlertSink}), the console in
 * {@code tidemark local} ({@link #printingTo(PrintStream)}). Must be safe to call again with the
 * same alert (delivery is at least once).
 */
@FunctionalInterface
public interface AlertSink {

    void publish(AlertMessage alert);

    /** One JSON line per alert ({@code {"alert_type":…, body fields…}}), e.g. to {@code System.out}. */
    static AlertSink printingTo(PrintStream out) {
        return alert -> {
            synchronized (out) {
                out.println(alert.toJson());
            }
        };
    }
}
