package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
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
 * Where the event archive lives (docs/spec.md: every accepted raw event kept immutably): the archive
 * bucket, {@code events/event_date=yyyy-MM-dd/…jsonl.gz}, and the bucket of its access logs. The
 * stream's own consumer that fills it is {@link StreamArchiver}; {@code tidemark replay} and
 * {@code tidemark query --as-of} read it.
 * <p>
 * The bucket is encrypted with the pipeline's key, TLS only, never public, versioned (an overwrite
 * or delete keeps the previous version for {@link #NONCURRENT_DAYS} days), and logs its access to
 * a second bucket. No object lock: erasing a user's events on request (GDPR) must stay possible,
 * and versioning already makes accidents recoverable.
 */
public final class EventArchive extends Construct {

    /** Objects move to Glacier Instant Retrieval (millisecond reads, cheaper storage) after this. */
    static final int INSTANT_RETRIEVAL_AFTER_DAYS = 90;
    static final int NONCURRENT_DAYS = 30;
    static final int ACCESS_LOG_DAYS = 365;

    public record Props(IKey key, RemovalPolicy removalPolicy) {
        public Props {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
        }
    }

    private final Bucket bucket;
    private final Bucket accessLogs;

    public EventArchive(Construct scope, String id, Props props) {
        super(scope, id);
        // Log delivery through a bucket policy instead of the LogDeliveryWrite ACL: ACLs stay disabled on both buckets.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
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
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket accessLogs() {
        return accessLogs;
    }
}
