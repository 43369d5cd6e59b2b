package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The customer-managed KMS key that encrypts all pipeline data at rest: the stream, the tables,
 * the topics, the queues and the log groups. One key means one key policy and one CloudTrail trail for the data of
 * one pipeline, and revoking it (or scheduling its deletion) makes every copy unreadable at once.
 * It is retained whenever the tables are: a deleted key would leave retained tables unreadable.
 */
public final class DataKey extends Construct {

    /** @param alias            e.g. {@code alias/Tidemark-data}
     *  @param removalPolicy    must match the tables' policy */
    public record Props(String alias, RemovalPolicy removalPolicy) {
    }

    private final Key key;

    public DataKey(Construct scope, String id, Props props) {
        super(scope, id);
        this.key = Key.Builder.create(this, "Key")
                .description("Tidemark pipeline data at rest: stream, tables, topics, queues")
                .alias(props.alias())
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(props.removalPolicy())
                .build();
        // CloudWatch Logs encrypts the stack's log groups with this key: only log groups of this account and region.
        Stack stack = Stack.of(this);
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsEncryptLogGroups")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:*")))
                .build());
    }

    public IKey key() {
        return key;
    }
}
