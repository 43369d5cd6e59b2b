package io.tidemark.local.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A temporary SQS queue subscribed to the alerts topic: created with the queue policy SNS needs,
 * read until enough alerts came or time ran out, then unsubscribed and deleted — also on Ctrl-C
 * (a shutdown hook). Alerts are delivered at least once; repeats (same {@code alert_id}) are
 * dropped unless asked for.
 */
public final class AlertsTail implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String subscriptionArn;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread cleanupOnExit = new Thread(() -> {
        if (cleanUp()) {
            System.err.println("tidemark alerts tail: interrupted; queue and subscription removed");
        }
    }, "alerts-tail-cleanup");
    private final Set<String> seen = new HashSet<>();
    private long repeats;

    /** Creates the queue, lets the topic send to it and subscribes it (with a filter policy, if any). */
    public AlertsTail(SnsClient sns, SqsClient sqs, String topicArn, String filterPolicyJson) {
        this.sns = sns;
        this.sqs = sqs;
        String name = "tidemark-tail-" + UUID.randomUUID().toString().substring(0, 8);
        this.queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        String subscription = null;
        try {
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String policy = JSON.createObjectNode().put("Version", "2012-10-17").set("Statement", JSON.createArrayNode().add(
                    JSON.createObjectNode().put("Sid", "AlertsTopicMaySend").put("Effect", "Allow")
                            .<com.fasterxml.jackson.databind.node.ObjectNode>set("Principal", JSON.createObjectNode().put("Service", "sns.amazonaws.com"))
                            .put("Action", "sqs:SendMessage").put("Resource", queueArn)
                            .set("Condition", JSON.createObjectNode().set("ArnEquals", JSON.createObjectNode().put("aws:SourceArn", topicArn))))).toString();
            sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
            subscription = sns.subscribe(b -> {
                b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).returnSubscriptionArn(true);
                if (filterPolicyJson != null) {
                    b.attributes(Map.of("FilterPolicy", filterPolicyJson));
                }
            }).subscriptionArn();
        } catch (RuntimeException e) {
            this.subscriptionArn = subscription;
            close();
            throw e;
        }
        this.subscriptionArn = subscription;
    }

    public String queueUrl() {
        return queueUrl;
    }

    /**
     * Hands each new alert's JSON body to {@code out} until {@code max} were seen or {@code timeout}
     * passed; returns how many were handed over.
     */
    public int read(int max, Duration timeout, boolean keepRepeats, Consumer<String> out) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        while (count < max && !closed.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int wait = longPollSeconds(left);
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(wait))
                    .messages();
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (Message m : messages) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
                String alert = alertOf(m.body());
                String id = alertId(alert);
                if (!keepRepeats && id != null && !seen.add(id)) {
                    repeats++;
                    continue;
                }
                if (count < max) {
                    out.accept(alert);
                    count++;
                }
            }
            if (!done.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
            }
        }
        return count;
    }

    /**
     * The long poll for a receive with {@code nanosLeft} to go: whole seconds rounded up, 1 to SQS's 20. Rounded down,
     * the last second of every timeout asked with a wait of 0, one receive after another (a loop that read for a
     * second at a time spun the whole time); a long poll returns as soon as a message is there, so rounding up costs
     * at most the rest of a second past the timeout when nothing comes.
     */
    static int longPollSeconds(long nanosLeft) {
        long seconds = (nanosLeft + 999_999_999L) / 1_000_000_000L;
        return (int) Math.max(1, Math.min(20, seconds));
    }

    /** Deliveries dropped because their alert was already printed. */
    public long repeats() {
        return repeats;
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it does the same clean-up
        }
    }

    /** Unsubscribes and deletes the queue, once; returns whether this call did it. */
    private boolean cleanUp() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        try {
            if (subscriptionArn != null) {
                sns.unsubscribe(b -> b.subscriptionArn(subscriptionArn));
            }
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        }
        return true;
    }

    /** SNS wraps the message in a JSON envelope unless raw delivery is on. */
    static String alertOf(String sqsBody) {
        try {
            JsonNode envelope = JSON.readTree(sqsBody);
            if (envelope != null && envelope.has("Message") && envelope.has("TopicArn")) {
                return envelope.get("Message").asText();
            }
        } catch (IOException notJson) {
            // raw delivery of a non-JSON message: print as it came
        }
        return sqsBody;
    }

    private static String alertId(String alert) {
        try {
            JsonNode node = JSON.readTree(alert);
            return node != null && node.hasNonNull("alert_id") ? node.get("alert_id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
