package io.tidemark.local.failures;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The on-failure destination, an SQS queue (the stack's {@code DeadLetterQueueUrl}). Listing does not
 * consume: the messages are hidden while they are read and made visible again. A redrive takes messages
 * for a while and deletes each only once its batch is committed; one it could not redrive is released.
 */
public final class FailedBatchQueue {

    /** One message that is not an on-failure record (kept in the queue, shown with the reason). */
    public record Unreadable(String messageId, String reason) {
    }

    /** What the queue holds. */
    public record Contents(List<FailedBatch> batches, List<Unreadable> unreadable) {
    }

    private final SqsClient sqs;
    private final String queueUrl;

    public FailedBatchQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    public String url() {
        return queueUrl;
    }

    /** Every visible message, left in the queue (visible again when this returns). */
    public Contents list() {
        Received r = receiveAll(Duration.ofSeconds(30));
        r.batches().forEach(this::release);
        r.unreadableReceipts().forEach(this::release);
        return new Contents(r.batches().stream().map(FailedBatchQueue::withoutReceipt).toList(), r.unreadable());
    }

    /**
     * Every visible message, hidden from other readers for {@code visibility}: delete or {@link #release} each.
     * Messages that are not on-failure records are left in the queue.
     */
    public Contents take(Duration visibility) {
        Received r = receiveAll(visibility);
        r.unreadableReceipts().forEach(this::release);
        return new Contents(r.batches(), r.unreadable());
    }

    private record Received(List<FailedBatch> batches, List<Unreadable> unreadable, List<String> unreadableReceipts) {
    }

    private Received receiveAll(Duration visibility) {
        Map<String, FailedBatch> batches = new LinkedHashMap<>();
        List<Unreadable> unreadable = new ArrayList<>();
        List<String> unreadableReceipts = new ArrayList<>();
        while (true) {
            List<Message> page = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout((int) visibility.toSeconds())).messages();
            if (page.isEmpty()) {
                break;
            }
            for (Message m : page) {
                try {
                    batches.putIfAbsent(m.messageId(), FailedBatch.parse(m.messageId(), m.receiptHandle(), m.body()));
                } catch (IllegalArgumentException e) {
                    unreadable.add(new Unreadable(m.messageId(), e.getMessage()));
                    unreadableReceipts.add(m.receiptHandle());
                }
            }
        }
        return new Received(new ArrayList<>(batches.values()), unreadable, unreadableReceipts);
    }

    /** Removes a message whose batch is committed. */
    public void delete(FailedBatch batch) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(batch.receiptHandle()));
    }

    /** Makes a message visible again at once (it stays for the next redrive). */
    public void release(FailedBatch batch) {
        release(batch.receiptHandle());
    }

    private void release(String receiptHandle) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(0));
    }

    private static FailedBatch withoutReceipt(FailedBatch b) {
        return new FailedBatch(b.messageId(), null, b.source(), b.condition(), b.shardId(), b.startSequence(), b.endSequence(),
                b.batchSize(), b.streamArn(), b.failedAt(), b.firstArrival(), b.invokeCount(), b.body());
    }
}
