package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.StackOutputs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event archive of the default deployment: the archiver's own mapping on the stream, its grants, the bucket, read back from the template. */
class EventArchiveTemplateTest {

    private final Synthesized synth = Synthesized.defaults();
    private final String keyId = synth.logicalId("AWS::KMS::Key", "DataKey");
    private final String bucketId = synth.logicalId("AWS::S3::Bucket", "ArchiveBucket");
    private final String archiverId = synth.logicalId("AWS::Lambda::Function", "ArchivingArchiverFunction");

    @Test
    void theArchiverReadsTheStreamOnItsOwnMappingInTheLargestBatchesWithItsOwnFailureQueue() {
        synth.template.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", 0);
        String aliasId = synth.logicalId("AWS::Lambda::Alias", "ArchivingArchiverAlias");
        JsonNode mapping = synth.resources("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> m.at("/Properties/FunctionName").toString().contains("\"" + aliasId + "\"")).findFirst().orElseThrow().get("Properties");
        EventSourceSettings s = EventSourceSettings.forArchive();
        assertThat(mapping.at("/EventSourceArn/Fn::GetAtt/0").asText()).isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
        assertThat(mapping.get("BatchSize").asInt()).isEqualTo(10_000).isEqualTo(s.batchSize());
        assertThat(mapping.get("MaximumBatchingWindowInSeconds").asInt()).isEqualTo(300);
        assertThat(mapping.get("StartingPosition").asText()).isEqualTo("TRIM_HORIZON");
        assertThat(mapping.has("FunctionResponseTypes")).as("a batch is written whole or retried whole").isFalse();
        assertThat(mapping.get("BisectBatchOnFunctionError").asBoolean()).isFalse();
        assertThat(mapping.get("MaximumRetryAttempts").asInt()).isEqualTo(s.maximumRetryAttempts());
        assertThat(mapping.get("MaximumRecordAgeInSeconds").asInt()).isEqualTo(12 * 3600);
        String ownQueue = synth.logicalId("AWS::SQS::Queue", "ArchivingFailedBatches");
        assertThat(mapping.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText()).isEqualTo(ownQueue)
                .isNotEqualTo(synth.logicalId("AWS::SQS::Queue", "FailedBatches"));
        JsonNode queue = synth.resource("AWS::SQS::Queue", "ArchivingFailedBatches").get("Properties");
        assertThat(queue.at("/KmsMasterKeyId/Fn::GetAtt/0").asText()).isEqualTo(keyId);

        JsonNode function = synth.resource("AWS::Lambda::Function", "ArchivingArchiverFunction").get("Properties");
        assertThat(function.get("Handler").asText()).isEqualTo(StreamArchiver.HANDLER);
        assertThat(function.at("/Environment/Variables/" + FunctionEnvironment.ARCHIVE_BUCKET + "/Ref").asText()).isEqualTo(bucketId);
        assertThat(function.at("/Environment/Variables/" + FunctionEnvironment.STREAM_NAME + "/Ref").asText())
                .as("the archiver lists its stream's shards to record their lineage")
                .isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
    }

    @Test
    void theArchiverMayReadAndListItsStreamAndPutObjectsUnderEventsAndLineageOnlyNeverReadOrDeleteThem() {
        String roleId = synth.logicalId("AWS::IAM::Role", "ArchivingArchiverRole");
        JsonNode policy = synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles/0/Ref").asText().equals(roleId)).findFirst().orElseThrow();
        List<String> actions = new ArrayList<>();
        List<JsonNode> s3Statements = new ArrayList<>();
        List<JsonNode> kinesisStatements = new ArrayList<>();
        for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
            JsonNode a = statement.get("Action");
            List<String> these = new ArrayList<>();
            if (a.isArray()) {
                a.forEach(x -> these.add(x.asText()));
            } else {
                these.add(a.asText());
            }
            actions.addAll(these);
            if (these.stream().anyMatch(x -> x.startsWith("s3:"))) {
                s3Statements.add(statement);
            }
            if (these.contains("kinesis:ListShards")) {
                kinesisStatements.add(statement);
            }
        }
        assertThat(actions).contains("kinesis:GetRecords", "kinesis:GetShardIterator", "s3:PutObject", "kms:GenerateDataKey", "sqs:SendMessage");
        assertThat(actions).filteredOn(x -> x.startsWith("s3:")).containsExactly("s3:PutObject");
        assertThat(actions).noneMatch(x -> x.startsWith("dynamodb:") || x.startsWith("sns:") || x.equals("*"));
        assertThat(s3Statements).hasSize(1);
        List<String> prefixes = new ArrayList<>();
        for (JsonNode resource : s3Statements.get(0).get("Resource")) {
            assertThat(resource.at("/Fn::Join/1/0/Fn::GetAtt/0").asText()).isEqualTo(bucketId);
            prefixes.add(resource.at("/Fn::Join/1/1").asText());
        }
        assertThat(prefixes).containsExactlyInAnyOrder("/" + ArchiveLayout.EVENTS_PREFIX + "*", "/" + ArchiveLayout.LINEAGE_PREFIX + "*");
        // ListShards (the shards' lineage) on its own stream only.
        assertThat(kinesisStatements).hasSize(1);
        assertThat(kinesisStatements.get(0).get("Resource").at("/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
    }

    @Test
    void theBucketIsEncryptedPrivateTlsOnlyVersionedLoggedAndTiered() {
        JsonNode bucket = synth.resource("AWS::S3::Bucket", "ArchiveBucket");
        JsonNode p = bucket.get("Properties");
        JsonNode sse = p.at("/BucketEncryption/ServerSideEncryptionConfiguration/0");
        assertThat(sse.at("/ServerSideEncryptionByDefault/SSEAlgorithm").asText()).isEqualTo("aws:kms");
        assertThat(sse.at("/ServerSideEncryptionByDefault/KMSMasterKeyID/Fn::GetAtt/0").asText()).isEqualTo(keyId);
        assertThat(sse.get("BucketKeyEnabled").asBoolean()).isTrue();
        assertThat(p.at("/PublicAccessBlockConfiguration")).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        assertThat(p.at("/VersioningConfiguration/Status").asText()).isEqualTo("Enabled");
        assertThat(p.at("/LoggingConfiguration/DestinationBucketName/Ref").asText())
                .isEqualTo(synth.logicalId("AWS::S3::Bucket", "ArchiveAccessLogs"));
        JsonNode rule = p.at("/LifecycleConfiguration/Rules/0");
        assertThat(rule.at("/Transitions/0/StorageClass").asText()).isEqualTo("GLACIER_IR");
        assertThat(rule.at("/Transitions/0/TransitionInDays").asInt()).isEqualTo(90);
        assertThat(rule.at("/NoncurrentVersionExpiration/NoncurrentDays").asInt()).isEqualTo(30);
        assertThat(bucket.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(p.has("ObjectLockEnabled")).as("no object lock: erasure on request stays possible").isFalse();

        JsonNode policy = synth.resources("AWS::S3::BucketPolicy").values().stream()
                .filter(b -> b.at("/Properties/Bucket/Ref").asText().equals(bucketId)).findFirst().orElseThrow();
        String statements = policy.at("/Properties/PolicyDocument/Statement").toString();
        assertThat(statements).contains("\"Effect\":\"Deny\"").contains("aws:SecureTransport");
    }

    @Test
    void theCliFindsTheBucketInTheOutputsAndOperationsWatchTheArchive() {
        assertThat(synth.templateJson.at("/Outputs/" + StackOutputs.ARCHIVE_BUCKET_NAME + "/Value/Ref").asText()).isEqualTo(bucketId);
        JsonNode lag = synth.resource("AWS::CloudWatch::Alarm", "OperationsArchiveLagAlarm").get("Properties");
        assertThat(lag.get("Namespace").asText()).isEqualTo("AWS/Lambda");
        assertThat(lag.get("MetricName").asText()).isEqualTo("IteratorAge");
        assertThat(lag.get("Statistic").asText()).isEqualTo("Maximum");
        assertThat(lag.get("Threshold").asDouble()).isEqualTo(15 * 60_000);
        assertThat(lag.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(archiverId);
        JsonNode errors = synth.resource("AWS::CloudWatch::Alarm", "OperationsArchiverErrorsAlarm").get("Properties");
        assertThat(errors.get("MetricName").asText()).isEqualTo("Errors");
        assertThat(errors.at("/Dimensions/0/Value/Ref").asText()).isEqualTo(archiverId);
        JsonNode failed = synth.resource("AWS::CloudWatch::Alarm", "OperationsFailedArchiveBatchesAlarm").get("Properties");
        assertThat(failed.at("/Dimensions/0/Value/Fn::GetAtt/0").asText()).isEqualTo(synth.logicalId("AWS::SQS::Queue", "ArchivingFailedBatches"));
        assertThat(synth.resource("AWS::CloudWatch::Dashboard", "OperationsDashboard").at("/Properties/DashboardBody").toString())
                .contains("Event archive: archiver iterator age");
    }
}
