package io.tidemark.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.Optional;

/**
 * The stack's one dead-letter queue for asynchronous invocations of every handler: a scheduled sweep
 * that fails or expires throttled, or an operator's {@code aws lambda invoke --invocation-type Event}
 * that fails, is kept here rather than dropped. One queue for all functions, not one each: an idle
 * queue costs nothing, one alarm watches it, and each message (the event as sent, with the attributes
 * {@code RequestID}, {@code ErrorCode}, {@code ErrorMessage}) leads to its function's log by request id.
 * Invocations by event source mappings and Firehose are synchronous and never reach it: their callers
 * keep their own failure paths. Each function's role may send to this queue and to no other.
 */
final class FailedInvocations {

    /** The queue's construct id, directly under the stack. */
    static final String ID = "FailedInvocations";

    private FailedInvocations() {
    }

    /**
     * The stack's queue, created by the first function that asks for it.
     *
     * @param key           encrypts the messages; every caller in a stack must pass the same key
     * @param removalPolicy what {@code cdk destroy} does with the queue (the first caller's applies)
     */
    static Queue of(Construct scope, IKey key, RemovalPolicy removalPolicy) {
        Stack stack = Stack.of(scope);
        IConstruct existing = stack.getNode().tryFindChild(ID);
        if (existing == null) {
            return EncryptedQueue.create(stack, ID, new EncryptedQueue.Props(key, removalPolicy, Optional.empty()));
        }
        if (!(existing instanceof Queue queue)) {
            throw new IllegalStateException("construct id '" + ID + "' under stack " + stack.getStackName()
                    + " is taken by " + existing.getClass().getSimpleName() + ": it is reserved for the functions' dead-letter queue");
        }
        if (queue.getEncryptionMasterKey() == null || !queue.getEncryptionMasterKey().getKeyArn().equals(key.getKeyArn())) {
            throw new IllegalArgumentException("key of " + scope.getNode().getPath() + ": the functions' dead-letter queue "
                    + ID + " is encrypted with another key; pass the stack's data key to every HandlerFunction");
        }
        return queue;
    }
}
