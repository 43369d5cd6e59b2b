package io.tidemark.cli.dashboard;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.function.LongSupplier;

/** Where batches that exhausted their retries go, for the health panel's depth; {@link #NONE} where none is configured. */
@FunctionalInterface
public interface FailureQueue {

    FailureQueue NONE = () -> null;

    /** Messages in the queue now (approximate, as SQS counts them), or {@code null} if no queue is configured. */
    Long depth();

    /** An SQS queue (Lambda's on-failure destination of a deployed stack, or {@code tidemark run --failure-queue}). */
    static FailureQueue sqs(SqsClient sqs, String queueUrl) {
        return () -> Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** An in-process destination ({@code tidemark local}). */
    static FailureQueue counting(LongSupplier size) {
        return () -> size.getAsLong();
    }
}
