package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.Objects;
import java.util.Optional;

/** An SQS queue with the pipeline's secure defaults: the pipeline key, TLS only, 14 days' retention. */
final class EncryptedQueue {

    private EncryptedQueue() {
    }

    record Props(IKey key, RemovalPolicy removalPolicy, Optional<IQueue> deadLetters) {
        Props {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }

    static Queue create(Construct scope, String id, Props props) {
        Queue.Builder builder = Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(props.key())
                // SQS reuses a data key for this long, so KMS is called about once per 5 minutes, not per message.
                .dataKeyReuse(Duration.minutes(5))
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(props.removalPolicy());
        props.deadLetters().ifPresent(dlq -> builder.deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(5).build()));
        return builder.build();
    }
}
