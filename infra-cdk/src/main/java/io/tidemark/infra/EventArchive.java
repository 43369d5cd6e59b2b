package io.tidemark.infra;

import io.tidemark.archive.ArchiveLayout;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

import java.util.List;
import java.util.Objects;

/**
 * The event archive (docs/spec.md: every accepted raw event kept immutably): a Firehose delivery stream
 * reads the Kinesis stream — independently of the Kinesis handler, so a record that fails the
 * handler is archived all the same — and delivers every record to S3 through the transformation
 * Lambda {@code ArchiveTransformHandler}, which wraps it with its shard, sequence number and
 * arrival ({@code io.tidemark.archive.ArchiveFormat}) and names its event date for dynamic
 * partitioning: {@code events/event_date=yyyy-MM-dd/…jsonl.gz}. {@code tidemark replay} and
 * {@code tidemark query --as-of} read that layout.
 * <p>
 * The bucket is encrypted with the pipeline's key, TLS only, never public, versioned (an overwrite
 * or delete keeps the previous version for {@link #NONCURRENT_DAYS} days), and logs its access to
 * a second bucket. Firehose may write and read but not delete. No object lock: erasing a user's
 * events on request (GDPR) must stay possible, and versioning already makes accidents recoverable.
 */
public final class EventArchive extends Construct {

    /** Firehose's minimum buffer with dynamic partitioning is 64 MB; the interval bounds the archive's lag. */
    static final int BUFFER_MB = 64;
    static final int BUFFER_SECONDS = 300;
    /** Objects move to Glacier Instant Retrieval (millisecond reads, cheaper storage) after this. */
    static final int INSTANT_RETRIEVAL_AFTER_DAYS = 90;
    static final int NONCURRENT_DAYS = 30;
    static final int ACCESS_LOG_DAYS = 365;

    public static final String TRANSFORM_HANDLER = "io.tidemark.handlers.ArchiveTransformHandler::handleRequest";
    /** The transformation only re-encodes small records: little memory, and Firehose allows it at most 5 minutes. */
    static final int TRANSFORM_MEMORY_MB = 512;
    static final java.time.Duration TRANSFORM_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** @param code the Lambda jar (the same as the pipeline's handlers) */
    public record Props(IStream stream, IKey key, Code code, RemovalPolicy removalPolicy, RetentionDays logRetention) {
        public Props {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
            Objects.requireNonNull(logRetention, "logRetention");
        }
    }

    private final HandlerFunction transform;
    private final Bucket bucket;
    private final Bucket accessLogs;
    private final Role role;
    private final CfnDeliveryStream deliveryStream;

    public EventArchive(Construct scope, String id, Props props) {
        super(scope, id);
        // Log delivery through a bucket policy instead of the LogDeliveryWrite ACL: ACLs stay disabled on both buckets.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        this.transform = new HandlerFunction(this, "Transform", new HandlerFunction.Props(TRANSFORM_HANDLER,
                "Tidemark: wraps each archived record with its Kinesis metadata and names its event-date partition",
                props.code(), TRANSFORM_MEMORY_MB, TRANSFORM_TIMEOUT, java.util.Map.of(), props.logRetention(), props.removalPolicy(),
                java.util.Optional.empty(), props.key(),
                new HandlerConcurrency.Unreserved("Firehose invokes it as the stream's records arrive, and an on-demand stream "
                        + "does not bound that rate; a throttled transformation sends records to the archive's processing-failed "
                        + "prefix, out of replay's reach, so no cap is safe.")));
        // Server access logs cannot go to a KMS-encrypted bucket: S3-managed keys here.
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // Versioned like the archive: a deleted or overwritten log stays, as a noncurrent version, until it expires.
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireAccessLogs").expiration(Duration.days(ACCESS_LOG_DAYS))
                        .noncurrentVersionExpiration(Duration.days(ACCESS_LOG_DAYS)).build()))
                .removalPolicy(props.removalPolicy())
                .build();
        CheckovSkips.apply(accessLogs, List.of(new CheckovSkips.Skip("CKV_AWS_18", "This bucket receives the archive bucket's "
                + "server access logs; logging its own accesses would need a further bucket, whose accesses would need another.")));
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(props.key())
                .bucketKeyEnabled(true) // one data key per bucket and hour instead of a KMS call per object
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("archive/")
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ArchiveTiering")
                        .transitions(List.of(Transition.builder().storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                                .transitionAfter(Duration.days(INSTANT_RETRIEVAL_AFTER_DAYS)).build()))
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .removalPolicy(props.removalPolicy())
                .build();

        this.role = Role.Builder.create(this, "DeliveryRole")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Tidemark: Firehose reads the event stream and writes the archive")
                .build();
        props.stream().grantRead(role);
        bucket.grantPut(role);
        bucket.grantRead(role);
        // Not covered by the bucket's grant methods; Firehose needs them to manage multipart uploads.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"))
                .resources(List.of(bucket.getBucketArn()))
                .build());
        transform.live().grantInvoke(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("lambda:GetFunctionConfiguration"))
                .resources(List.of(transform.live().getFunctionArn()))
                .build());
        LogGroup logs = LogGroup.Builder.create(this, "DeliveryLogs")
                .encryptionKey(props.key())
                .retention(props.logRetention())
                .removalPolicy(props.removalPolicy())
                .build();
        LogStream s3Delivery = LogStream.Builder.create(this, "S3Delivery").logGroup(logs).logStreamName("S3Delivery").build();
        logs.grantWrite(role);

        this.deliveryStream = CfnDeliveryStream.Builder.create(this, "DeliveryStream")
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
                        .kinesisStreamArn(props.stream().getStreamArn())
                        .roleArn(role.getRoleArn())
                        .build())
                .extendedS3DestinationConfiguration(CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                        .bucketArn(bucket.getBucketArn())
                        .roleArn(role.getRoleArn())
                        .prefix(ArchiveLayout.FIREHOSE_PREFIX)
                        .errorOutputPrefix(ArchiveLayout.FIREHOSE_ERROR_PREFIX)
                        .fileExtension(ArchiveLayout.OBJECT_EXTENSION)
                        .compressionFormat("GZIP")
                        .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                .sizeInMBs(BUFFER_MB).intervalInSeconds(BUFFER_SECONDS).build())
                        .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                        .awskmsKeyArn(props.key().getKeyArn()).build())
                                .build())
                        .dynamicPartitioningConfiguration(CfnDeliveryStream.DynamicPartitioningConfigurationProperty.builder()
                                .enabled(true)
                                .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder().durationInSeconds(300).build())
                                .build())
                        .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                .enabled(true)
                                .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder()
                                        .type("Lambda")
                                        .parameters(List.of(
                                                parameter("LambdaArn", transform.live().getFunctionArn()),
                                                parameter("NumberOfRetries", "3"),
                                                parameter("BufferSizeInMBs", "1"),
                                                parameter("BufferIntervalInSeconds", "60")))
                                        .build()))
                                .build())
                        .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                .enabled(true)
                                .logGroupName(logs.getLogGroupName())
                                .logStreamName(s3Delivery.getLogStreamName())
                                .build())
                        .build())
                .build();
        // The delivery stream checks its role's permissions when it is created.
        deliveryStream.getNode().addDependency(role);
    }

    private static CfnDeliveryStream.ProcessorParameterProperty parameter(String name, String value) {
        return CfnDeliveryStream.ProcessorParameterProperty.builder().parameterName(name).parameterValue(value).build();
    }

    public HandlerFunction transform() {
        return transform;
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket accessLogs() {
        return accessLogs;
    }

    public Role role() {
        return role;
    }

    public CfnDeliveryStream deliveryStream() {
        return deliveryStream;
    }
}
