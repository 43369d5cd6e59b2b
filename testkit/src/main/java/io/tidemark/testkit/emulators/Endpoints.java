package io.tidemark.testkit.emulators;

import java.net.URI;
import java.util.Map;

/** Where the emulator stack listens; {@link #asEnvironment()} names it as the AWS SDK and CLI read it. */
public record Endpoints(URI kinesis, URI dynamoDb, URI dynamoDbStreams, URI sns, URI sqs, URI s3) {

    static Endpoints parse(Map<String, String> env) {
        return new Endpoints(uri(env, "AWS_ENDPOINT_URL_KINESIS"), uri(env, "AWS_ENDPOINT_URL_DYNAMODB"),
                uri(env, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS"), uri(env, "AWS_ENDPOINT_URL_SNS"), uri(env, "AWS_ENDPOINT_URL_SQS"), uri(env, "AWS_ENDPOINT_URL_S3"));
    }

    private static URI uri(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException("the emulator start script printed no " + name + " line: " + env);
        }
        return URI.create(value);
    }

    /** The endpoints as environment variables, the AWS SDK/CLI convention. */
    public Map<String, String> asEnvironment() {
        return Map.of("AWS_ENDPOINT_URL_KINESIS", kinesis.toString(), "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString(),
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoDbStreams.toString(), "AWS_ENDPOINT_URL_SNS", sns.toString(), "AWS_ENDPOINT_URL_SQS", sqs.toString(), "AWS_ENDPOINT_URL_S3", s3.toString());
    }
}
