package io.tidemark.local.aws;

import io.tidemark.aws.AwsClients;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the runner, the CLI and the tools make their SDK clients: the handlers' own ({@link AwsClients}:
 * DynamoDB, SNS) and the ones no handler calls, which therefore stay out of the Lambda jar — Kinesis
 * (sync, and async on Netty for many concurrent {@code PutRecords}), SQS, S3, DynamoDB Streams.
 * Endpoints, region and credentials are resolved by the wrapped {@link AwsClients}, the same way for
 * every client.
 */
public final class ToolClients {

    /** The service part of {@code AWS_ENDPOINT_URL_<SERVICE>} for the services only the tools use. */
    public static final String KINESIS = "KINESIS";
    public static final String DYNAMODB_STREAMS = "DYNAMODB_STREAMS";
    public static final String SQS = "SQS";
    public static final String CLOUDFORMATION = "CLOUDFORMATION";
    /** The event archive's bucket. */
    public static final String S3 = "S3";

    private final AwsClients aws;

    public ToolClients(AwsClients aws) {
        this.aws = Objects.requireNonNull(aws, "aws");
    }

    /** Everything from the process environment and the AWS config files. */
    public static ToolClients fromEnvironment() {
        return new ToolClients(AwsClients.fromEnvironment());
    }

    /** Clients bound to the endpoints these {@code AWS_ENDPOINT_URL_<SERVICE>} variables name (the emulators, from tests and tools). */
    public static ToolClients forEndpoints(Map<String, String> endpointVariables) {
        return new ToolClients(AwsClients.forEndpoints(endpointVariables));
    }

    /** How endpoints, region and credentials are resolved; also makes any other sync client ({@link AwsClients#sync}). */
    public AwsClients aws() {
        return aws;
    }

    public DynamoDbClient dynamoDb() {
        return aws.dynamoDb();
    }

    public SnsClient sns() {
        return aws.sns();
    }

    public KinesisClient kinesis() {
        return aws.sync(KinesisClient.builder(), KINESIS).build();
    }

    public SqsClient sqs() {
        return aws.sync(SqsClient.builder(), SQS).build();
    }

    /** Path-style addressing on custom endpoints (moto, LocalStack), whose host names carry no bucket. */
    public S3Client s3() {
        return aws.sync(S3Client.builder(), S3).forcePathStyle(endpoint(S3).isPresent()).build();
    }

    /**
     * DynamoDB Streams at its own endpoint if one is set; else, when DynamoDB has a custom endpoint,
     * there (emulators serve both APIs on one port).
     */
    public DynamoDbStreamsClient dynamoDbStreams() {
        boolean sharesDynamoDb = endpoint(DYNAMODB_STREAMS).isEmpty() && endpoint(AwsClients.DYNAMODB).isPresent();
        return aws.sync(DynamoDbStreamsClient.builder(), sharesDynamoDb ? AwsClients.DYNAMODB : DYNAMODB_STREAMS).build();
    }

    /** For high-throughput producers: Netty, up to {@code maxConcurrency} requests in flight. */
    public KinesisAsyncClient kinesisAsync(int maxConcurrency) {
        return kinesisAsync(maxConcurrency, override -> { });
    }

    /** As {@link #kinesisAsync(int)}, with changes to the client's configuration (retries, interceptors). */
    public KinesisAsyncClient kinesisAsync(int maxConcurrency, Consumer<ClientOverrideConfiguration.Builder> override) {
        // Kinesis clients speak HTTP/2 by default; over plain http (kinesis-mock, LocalStack) that is
        // cleartext HTTP/2, whose connections the emulators drop mid-stream, with a stack trace each time.
        // HTTP/1.1 there. An emulator on a busy machine can take many seconds per PutRecords: patient
        // reads (a timed-out write that did land would be sent twice), but every attempt has a deadline.
        boolean plainHttp = endpoint(KINESIS).map(uri -> "http".equalsIgnoreCase(uri.getScheme())).orElse(false);
        return aws.configure(KinesisAsyncClient.builder(), KINESIS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConcurrency)
                        .protocol(plainHttp ? Protocol.HTTP1_1 : Protocol.HTTP2)
                        .readTimeout(Duration.ofMinutes(2))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> override.accept(o.apiCallAttemptTimeout(Duration.ofMinutes(3))))
                .build();
    }

    /** The endpoint a client of this service will use, if not the AWS default. */
    public Optional<URI> endpoint(String service) {
        return aws.endpoint(service);
    }
}
