package io.tidemark.testing;

import io.tidemark.aws.AwsClients;

import java.net.URI;
import java.util.Map;

/** Where the emulator stack listens; {@link #clients()} gives SDK clients bound to it. */
public record Endpoints(URI kinesis, URI dynamoDb, URI sns, URI sqs, URI s3) {

    static Endpoints parse(Map<String, String> env) {
        return new Endpoints(uri(env, "AWS_ENDPOINT_URL_KINESIS"), uri(env, "AWS_ENDPOINT_URL_DYNAMODB"),
                uri(env, "AWS_ENDPOINT_URL_SNS"), uri(env, "AWS_ENDPOINT_URL_SQS"), uri(env, "AWS_ENDPOINT_URL_S3"));
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
                "AWS_ENDPOINT_URL_SNS", sns.toString(), "AWS_ENDPOINT_URL_SQS", sqs.toString(), "AWS_ENDPOINT_URL_S3", s3.toString());
    }

    /** The shared client factory pointed at the emulators (region us-east-1, dummy keys). */
    public AwsClients clients() {
        return AwsClients.builder()
                .environment(Map.of())
                .endpointUrl(AwsClients.KINESIS, kinesis)
                .endpointUrl(AwsClients.DYNAMODB, dynamoDb)
                .endpointUrl(AwsClients.SNS, sns)
                .endpointUrl(AwsClients.SQS, sqs)
                .endpointUrl(AwsClients.S3, s3)
                .build();
    }
}
