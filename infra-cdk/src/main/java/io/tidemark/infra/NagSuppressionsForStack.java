package io.tidemark.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Every cdk-nag suppression of the stack, each on the one resource it concerns and with the reason
 * it is acceptable. Applied after all grants exist (a suppression only reaches the children that
 * exist when it is added). docs/deploy.md repeats this list for reviewers.
 */
final class NagSuppressionsForStack {

    static final String KMS_GRANT_ACTIONS_REASON = "Added by CDK grant methods (table read/write, SQS send, SNS publish) for the "
            + "pipeline's customer-managed key and scoped to that one key ARN; the wildcard spans only the "
            + "GenerateDataKey* and ReEncrypt* variants of those calls.";
    static final String LIST_STREAMS_REASON = "dynamodb:ListStreams has no resource-level permission in IAM, so its resource "
            + "must be '*'; the event source mapping of the alerts table needs it. Every other stream action is scoped to "
            + "the alerts table's stream ARN.";
    static final String RUNTIME_REASON = "Tidemark targets the Lambda java21 runtime (bytecode --release 17, SnapStart measured "
            + "on java21, docs/architecture.md); moving to a newer Java runtime is a deliberate, tested change.";
    static final String STREAM_KEY_REASON = "Customer-managed key on purpose: the events carry user ids and carts, and one key "
            + "policy governs the stream, the tables, the topics and the queues of the pipeline; Kinesis reuses data keys, "
            + "so the KMS request cost is small (docs/deploy.md).";
    static final String FAILED_BATCHES_REASON = "This queue is itself the dead-letter (on-failure) destination of both event "
            + "source mappings; a dead-letter queue behind it would only move the same messages further.";

    static final String FAILED_INVOCATIONS_REASON = "This queue is itself the dead-letter queue of every function's asynchronous "
            + "invocations; a dead-letter queue behind it would only move the same messages further.";

    static final String FIREHOSE_SSE_REASON = "Firehose offers delivery-stream encryption (DeliveryStreamEncryptionConfigurationInput) "
            + "only for Direct PUT sources; this one reads the Kinesis stream, which is encrypted with the pipeline's key, and "
            + "writes every object SSE-KMS with the same key.";
    static final String ARCHIVE_GRANTS_REASON = "Added by the bucket's grantRead/grantPut for the Firehose delivery role: object "
            + "actions on the archive bucket's objects (arn/*) only, and the GetObject*/GetBucket*/List*/Abort* variants of the "
            + "read and put grants; no delete.";

    private NagSuppressionsForStack() {
    }

    static void apply(TidemarkStack stack) {
        for (HandlerFunction function : List.of(stack.functions().kinesisHandler(), stack.functions().sweeper(),
                stack.functions().alertPublisher())) {
            suppress(function.function(), "AwsSolutions-L1", RUNTIME_REASON);
            suppress(function.role(), "AwsSolutions-IAM5", KMS_GRANT_ACTIONS_REASON,
                    "Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*");
        }
        suppress(stack.functions().alertPublisher().role(), "AwsSolutions-IAM5", LIST_STREAMS_REASON, "Resource::*");
        suppress(stack.eventStream(), "AwsSolutions-KDS3", STREAM_KEY_REASON);
        EventArchive archive = stack.archive();
        suppress(archive.transform().function(), "AwsSolutions-L1", RUNTIME_REASON);
        suppress(archive.deliveryStream(), "AwsSolutions-KDF1", FIREHOSE_SSE_REASON);
        suppressMatching(archive.role(), "AwsSolutions-IAM5", ARCHIVE_GRANTS_REASON + " " + KMS_GRANT_ACTIONS_REASON,
                "^Action::s3:(GetObject|GetBucket|List|Abort)\\*$", "^Resource::<ArchiveBucket[A-Za-z0-9]+\\.Arn>/\\*$",
                "^Action::kms:(GenerateDataKey|ReEncrypt)\\*$");
        suppress(stack.failedBatches(), "AwsSolutions-SQS3", FAILED_BATCHES_REASON);
        suppress(stack.functions().failedInvocations(), "AwsSolutions-SQS3", FAILED_INVOCATIONS_REASON);
    }

    /** A suppression whose findings are named by regular expressions (their resource names hold logical-id hashes). */
    private static void suppressMatching(IConstruct construct, String rule, String reason, String... patterns) {
        List<Object> appliesTo = new java.util.ArrayList<>();
        for (String p : patterns) {
            appliesTo.add(io.github.cdklabs.cdknag.RegexAppliesTo.builder().regex("/" + p + "/g").build());
        }
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }

    private static void suppress(IConstruct construct, String rule, String reason, String... appliesTo) {
        NagPackSuppression.Builder suppression = NagPackSuppression.builder().id(rule).reason(reason);
        if (appliesTo.length > 0) {
            suppression.appliesTo(List.of((Object[]) appliesTo));
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(suppression.build()), true);
    }
}
