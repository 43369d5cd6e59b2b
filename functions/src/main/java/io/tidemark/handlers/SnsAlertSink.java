package io.tidemark.handlers;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes alerts to the alerts topic: JSON body, message attributes {@code alert_type} and
 * {@code user_id}. Several at once with {@code PublishBatch} (at most 10 entries and 256 KiB a
 * call); entries SNS failed for a reason of its own (not the sender's) are retried, alone, a few
 * times; what still failed is thrown as an {@link AlertPublishException} after the rest went out.
 * The permission is {@code sns:Publish} either way.
 */
public final class SnsAlertSink implements AlertSink {

    /** SNS's limits for one {@code PublishBatch} call. */
    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Tries of an entry SNS failed on its side (the SDK already retries whole calls that fail). */
    static final int ATTEMPTS = 3;

    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void publish(AlertMessage alert) {
        sns.publish(b -> b.topicArn(topicArn).message(alert.toJson()).messageAttributes(attributes(alert)));
    }

    @Override
    public void publishAll(List<AlertMessage> alerts) {
        List<AlertMessage> failed = new ArrayList<>();
        String lastError = null;
        for (List<Outgoing> batch : batches(alerts)) {
            List<Outgoing> pending = batch;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, Outgoing> byId = new HashMap<>();
                List<PublishBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    Outgoing o = pending.get(i);
                    String id = "a" + i;
                    byId.put(id, o);
                    entries.add(PublishBatchRequestEntry.builder().id(id).message(o.body()).messageAttributes(attributes(o.alert())).build());
                }
                PublishBatchResponse r = sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries));
                List<Outgoing> retry = new ArrayList<>();
                for (BatchResultErrorEntry e : r.failed()) {
                    Outgoing o = byId.get(e.id());
                    if (o == null) {
                        throw new IllegalStateException("PublishBatch answered for an unknown entry id '" + e.id() + "'");
                    }
                    lastError = e.code() + ": " + e.message();
                    if (Boolean.TRUE.equals(e.senderFault()) || attempt >= ATTEMPTS) {
                        failed.add(o.alert());
                    } else {
                        retry.add(o);
                    }
                }
                pending = retry;
                if (!pending.isEmpty()) {
                    pause(50L << attempt);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new AlertPublishException(failed, lastError);
        }
    }

    /** An alert with its message body, serialised once for sizing the batch and for every attempt to send it. */
    record Outgoing(AlertMessage alert, String body, long bytes) {
        static Outgoing of(AlertMessage m) {
            String body = m.toJson();
            long bytes = body.getBytes(StandardCharsets.UTF_8).length + "alert_type".length() + "String".length()
                    + m.alertType().getBytes(StandardCharsets.UTF_8).length + "user_id".length() + "String".length()
                    + m.userId().getBytes(StandardCharsets.UTF_8).length;
            return new Outgoing(m, body, bytes);
        }
    }

    /** Consecutive groups of at most 10 alerts and 256 KiB (bodies and attributes). */
    static List<List<Outgoing>> batches(List<AlertMessage> alerts) {
        List<List<Outgoing>> out = new ArrayList<>();
        List<Outgoing> current = new ArrayList<>();
        long bytes = 0;
        for (AlertMessage m : alerts) {
            Outgoing o = Outgoing.of(m);
            if (!current.isEmpty() && (current.size() == MAX_BATCH_ENTRIES || bytes + o.bytes() > MAX_BATCH_BYTES)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(o);
            bytes += o.bytes();
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static Map<String, MessageAttributeValue> attributes(AlertMessage alert) {
        return Map.of(
                "alert_type", MessageAttributeValue.builder().dataType("String").stringValue(alert.alertType()).build(),
                "user_id", MessageAttributeValue.builder().dataType("String").stringValue(alert.userId()).build());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a publish", e);
        }
    }

    /** Some alerts could not be published (the others were). */
    public static final class AlertPublishException extends RuntimeException {
        private final transient List<AlertMessage> failed;

        AlertPublishException(List<AlertMessage> failed, String lastError) {
            super(failed.size() + " alert(s) not published, e.g. " + failed.get(0).alertId() + " (" + lastError + ")");
            this.failed = List.copyOf(failed);
        }

        public List<AlertMessage> failed() {
            return failed;
        }
    }
}
