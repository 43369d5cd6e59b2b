package io.tidemark.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.util.Objects;
import java.util.Optional;

/**
 * The SNS topic that carries cart-abandonment alerts to subscribers: encrypted with the pipeline
 * key, TLS-only publishing (topic policy), optionally an e-mail subscription and an SQS queue
 * subscription (raw messages, with its own dead-letter queue) for programs. Alerts carry a
 * deterministic {@code alert_id}; delivery is at least once, so subscribers drop repeats by it.
 */
public final class Alerts extends Construct {

    public record Props(IKey key, Optional<String> email, boolean queue, RemovalPolicy queueRemovalPolicy) {
        public Props {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(queueRemovalPolicy, "queueRemovalPolicy");
        }
    }

    private final Topic topic;
    private final Optional<IQueue> queue;
    private final Optional<IQueue> queueDeadLetters;

    public Alerts(Construct scope, String id, Props props) {
        super(scope, id);
        this.topic = Topic.Builder.create(this, "Topic")
                .displayName("Tidemark alerts")
                .masterKey(props.key())
                .enforceSsl(true)
                .build();
        props.email().ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        if (props.queue()) {
            Queue deadLetters = EncryptedQueue.create(this, "SubscriberDeadLetters",
                    new EncryptedQueue.Props(props.key(), props.queueRemovalPolicy(), Optional.empty()));
            Queue alertQueue = EncryptedQueue.create(this, "SubscriberQueue",
                    new EncryptedQueue.Props(props.key(), props.queueRemovalPolicy(), Optional.of(deadLetters)));
            topic.addSubscription(SqsSubscription.Builder.create(alertQueue).rawMessageDelivery(true).build());
            this.queue = Optional.of(alertQueue);
            this.queueDeadLetters = Optional.of(deadLetters);
        } else {
            this.queue = Optional.empty();
            this.queueDeadLetters = Optional.empty();
        }
    }

    public ITopic topic() {
        return topic;
    }

    /** The subscribed queue, when the deployment asked for one. */
    public Optional<IQueue> queue() {
        return queue;
    }

    /** Where messages of the subscribed queue go after 5 receives without a delete. */
    public Optional<IQueue> queueDeadLetters() {
        return queueDeadLetters;
    }
}
