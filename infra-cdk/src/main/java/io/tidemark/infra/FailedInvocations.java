package io.tidemark.infra;

import software.amazon.awscdk.services.sqs.IQueue;

import java.util.Objects;

/** Where a handler's failed invocations end up, which follows from how it is invoked. */
sealed interface FailedInvocations {

    /** Invoked asynchronously (a schedule): an event that fails, or expires before it runs, lands in this queue. */
    record DeadLetterQueue(IQueue queue) implements FailedInvocations {
        public DeadLetterQueue {
            Objects.requireNonNull(queue, "queue");
        }
    }

    /**
     * Invoked synchronously by a poller or a service that keeps its own failure path; Lambda sends
     * only asynchronous events to a function's dead-letter queue, so one here would stay empty.
     *
     * @param failurePath where failures go instead
     */
    record HandledByCaller(String failurePath) implements FailedInvocations {
        public HandledByCaller {
            Objects.requireNonNull(failurePath, "failurePath");
        }
    }
}
