package io.tidemark.infra;

import io.tidemark.archive.ArchiveLayout;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.FunctionEnvironment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The event archive's own consumer of the stream: the archiver function ({@value #HANDLER}) on its
 * own event source mapping ({@link EventSourceSettings#forArchive()}: batches of up to 10 000
 * records gathered for up to 5 minutes), writing one object per batch and event date into the
 * archive bucket. It reads the stream independently of the Kinesis handler, so a batch that fails
 * there is archived all the same. Batches that exhaust their retries go to its own on-failure
 * queue (shard and sequence-number range). It also records each shard's lineage ({@code lineage/}),
 * learned with {@code ListShards}, which its mapping's read grant on the stream already allows. Least
 * privilege: read the stream, {@code s3:PutObject} on the archive's {@code events/} and {@code lineage/}
 * prefixes only, {@code kms:GenerateDataKey} on the pipeline key for the bucket's encryption; no read,
 * no delete.
 */
public final class StreamArchiver extends Construct {

    public static final String HANDLER = "io.tidemark.handlers.ArchiveHandler::handleRequest";
    /**
     * A 10 000-record batch (a ~6 MB event) is decoded, re-encoded and compressed in one pass; 512 MB
     * holds it several times over and buys the CPU share that keeps an invocation near a second.
     */
    static final int MEMORY_MB = 512;
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    public record Props(IStream stream, StreamCapacity capacity, IBucket bucket, IKey key, Code code, RemovalPolicy removalPolicy,
                        RetentionDays logRetention) {
        public Props {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(removalPolicy, "removalPolicy");
            Objects.requireNonNull(logRetention, "logRetention");
        }
    }

    private final HandlerFunction function;
    private final Queue failedBatches;

    public StreamArchiver(Construct scope, String id, Props props) {
        super(scope, id);
        this.function = new HandlerFunction(this, "Archiver", new HandlerFunction.Props(HANDLER,
                "Tidemark: archives every record of the stream, one S3 object per batch and event date",
                props.code(), MEMORY_MB, TIMEOUT, Map.of(FunctionEnvironment.ARCHIVE_BUCKET, props.bucket().getBucketName(),
                        FunctionEnvironment.STREAM_NAME, props.stream().getStreamName()),
                props.logRetention(), props.removalPolicy(), Optional.empty(), props.key(),
                HandlerConcurrency.archiver(props.capacity(), EventSourceSettings.forArchive().parallelizationFactor())));
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(props.bucket().arnForObjects(ArchiveLayout.EVENTS_PREFIX + "*"),
                        props.bucket().arnForObjects(ArchiveLayout.LINEAGE_PREFIX + "*")))
                .build());
        // SSE-KMS with a bucket key: a put asks KMS for a data key (about once per bucket and hour).
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:GenerateDataKey"))
                .resources(List.of(props.key().getKeyArn()))
                .build());

        this.failedBatches = EncryptedQueue.create(this, "FailedBatches",
                new EncryptedQueue.Props(props.key(), props.removalPolicy(), Optional.empty()));
        EventSourceSettings s = EventSourceSettings.forArchive();
        function.live().addEventSource(KinesisEventSource.Builder.create(props.stream())
                .batchSize(s.batchSize())
                .maxBatchingWindow(software.amazon.awscdk.Duration.seconds(s.maximumBatchingWindow().toSeconds()))
                .startingPosition(KinesisIngestion.startingPosition(s.startingPosition()))
                .reportBatchItemFailures(s.reportBatchItemFailures())
                .bisectBatchOnError(s.bisectBatchOnFunctionError())
                .retryAttempts(s.maximumRetryAttempts())
                .maxRecordAge(software.amazon.awscdk.Duration.seconds(s.maximumRecordAge().toSeconds()))
                .parallelizationFactor(s.parallelizationFactor())
                .onFailure(new SqsDlq(failedBatches))
                .build());
    }

    public HandlerFunction function() {
        return function;
    }

    /** Batches the archiver could not write within their retries: each message names the shard and sequence-number range. */
    public Queue failedBatches() {
        return failedBatches;
    }
}
