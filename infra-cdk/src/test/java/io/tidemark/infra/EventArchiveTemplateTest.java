package io.tidemark.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.config.StackOutputs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event archive of the default deployment: Firehose from the stream to S3, read back from the template. */
class EventArchiveTemplateTest {

    private final Synthesized synth = Synthesized.defaults();
    private final String keyId = synth.logicalId("AWS::KMS::Key", "DataKey");
    private final String bucketId = synth.logicalId("AWS::S3::Bucket", "ArchiveBucket");

    @Test
    void firehoseReadsTheStreamAndWritesEventDatePartitionsThroughTheTransformation() {
        synth.template.resourceCountIs("AWS::KinesisFirehose::DeliveryStream", 1);
        JsonNode p = synth.resource("AWS::KinesisFirehose::DeliveryStream", "ArchiveDeliveryStream").get("Properties");
        assertThat(p.get("DeliveryStreamType").asText()).isEqualTo("KinesisStreamAsSource");
        assertThat(p.at("/KinesisStreamSourceConfiguration/KinesisStreamARN/Fn::GetAtt/0").asText())
                .isEqualTo(synth.logicalId("AWS::Kinesis::Stream", "EventsStream"));
        JsonNode s3 = p.get("ExtendedS3DestinationConfiguration");
        assertThat(s3.at("/BucketARN/Fn::GetAtt/0").asText()).isEqualTo(bucketId);
        assertThat(s3.get("Prefix").asText()).isEqualTo("events/event_date=!{partitionKeyFromLambda:event_date}/");
        assertThat(s3.get("ErrorOutputPrefix").asText()).startsWith("errors/");
        assertThat(s3.get("CompressionFormat").asText()).isEqualTo("GZIP");
        assertThat(s3.get("FileExtension").asText()).isEqualTo(ArchiveLayout.OBJECT_EXTENSION);
        assertThat(s3.at("/DynamicPartitioningConfiguration/Enabled").asBoolean()).isTrue();
        assertThat(s3.at("/BufferingHints/SizeInMBs").asInt()).isEqualTo(64);
        assertThat(s3.at("/BufferingHints/IntervalInSeconds").asInt()).isEqualTo(300);
        assertThat(s3.at("/EncryptionConfiguration/KMSEncryptionConfig/AWSKMSKeyARN/Fn::GetAtt/0").asText()).isEqualTo(keyId);
        assertThat(s3.at("/CloudWatchLoggingOptions/Enabled").asBoolean()).isTrue();
        JsonNode processor = s3.at("/ProcessingConfiguration/Processors/0");
        assertThat(processor.get("Type").asText()).isEqualTo("Lambda");
        String lambdaArn = processor.get("Parameters").findValues("ParameterValue").get(0).toString();
        assertThat(lambdaArn).contains(synth.logicalId("AWS::Lambda::Alias", "ArchiveTransformAlias"));
        JsonNode transform = synth.resource("AWS::Lambda::Function", "ArchiveTransformFunction").get("Properties");
        assertThat(transform.get("Handler").asText()).isEqualTo(EventArchive.TRANSFORM_HANDLER);
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
    void firehoseMayReadTheStreamAndPutObjectsButNeverDeleteThem() {
        String roleId = synth.logicalId("AWS::IAM::Role", "ArchiveDeliveryRole");
        JsonNode role = synth.templateJson.at("/Resources/" + roleId);
        assertThat(role.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()).isEqualTo("firehose.amazonaws.com");
        JsonNode policy = synth.resources("AWS::IAM::Policy").values().stream()
                .filter(p -> p.at("/Properties/Roles/0/Ref").asText().equals(roleId)).findFirst().orElseThrow();
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : policy.at("/Properties/PolicyDocument/Statement")) {
            JsonNode a = statement.get("Action");
            if (a.isArray()) {
                a.forEach(x -> actions.add(x.asText()));
            } else {
                actions.add(a.asText());
            }
        }
        assertThat(actions).contains("kinesis:GetRecords", "kinesis:GetShardIterator", "s3:PutObject", "lambda:InvokeFunction",
                "lambda:GetFunctionConfiguration", "kms:Decrypt");
        assertThat(actions).noneMatch(a -> a.startsWith("s3:Delete") || a.equals("s3:*") || a.equals("*"));
        // The delivery stream is created after its role's policy: Firehose checks its permissions at creation.
        JsonNode dependsOn = synth.resource("AWS::KinesisFirehose::DeliveryStream", "ArchiveDeliveryStream").get("DependsOn");
        assertThat(dependsOn.toString()).contains(synth.logicalId("AWS::IAM::Policy", "ArchiveDeliveryRoleDefaultPolicy"));
    }

    @Test
    void theCliFindsTheBucketInTheOutputsAndOperationsWatchTheArchive() {
        assertThat(synth.templateJson.at("/Outputs/" + StackOutputs.ARCHIVE_BUCKET_NAME + "/Value/Ref").asText()).isEqualTo(bucketId);
        JsonNode freshness = synth.resource("AWS::CloudWatch::Alarm", "OperationsArchiveFreshnessAlarm").get("Properties");
        assertThat(freshness.get("Namespace").asText()).isEqualTo("AWS/Firehose");
        assertThat(freshness.get("MetricName").asText()).isEqualTo("DeliveryToS3.DataFreshness");
        assertThat(freshness.get("Threshold").asDouble()).isEqualTo(900);
        assertThat(synth.resource("AWS::CloudWatch::Dashboard", "OperationsDashboard").at("/Properties/DashboardBody").toString())
                .contains("DeliveryToS3.DataFreshness");
    }
}
