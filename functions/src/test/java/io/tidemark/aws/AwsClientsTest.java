package io.tidemark.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientsTest {

    @Test
    void serviceEndpointVariableWinsOverTheGlobalOne() {
        AwsClients clients = AwsClients.builder().environment(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:4568")).build();
        assertThat(clients.endpoint("KINESIS")).contains(URI.create("http://127.0.0.1:4568"));
        assertThat(clients.endpoint(AwsClients.DYNAMODB)).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void explicitOverridesWinOverTheEnvironment() {
        AwsClients clients = AwsClients.builder()
                .environment(Map.of("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:1111", "AWS_REGION", "eu-west-1"))
                .endpointUrl(URI.create("http://localhost:4566"))
                .endpointUrl("SQS", URI.create("http://localhost:9324"))
                .region("ap-southeast-1")
                .build();
        assertThat(clients.endpoint(AwsClients.SNS)).contains(URI.create("http://localhost:4566"));
        assertThat(clients.endpoint("SQS")).contains(URI.create("http://localhost:9324"));
        assertThat(clients.region(Optional.empty())).isEqualTo(Region.AP_SOUTHEAST_1);
    }

    @Test
    void noEndpointMeansTheAwsDefault() {
        assertThat(AwsClients.builder().environment(Map.of()).build().endpoint("KINESIS")).isEmpty();
    }

    @Test
    void regionComesFromTheEnvironmentAndDefaultsOnlyForLoopback() {
        AwsClients fromEnv = AwsClients.builder().environment(Map.of("AWS_DEFAULT_REGION", "eu-central-1")).build();
        assertThat(fromEnv.region(Optional.empty())).isEqualTo(Region.EU_CENTRAL_1);

        AwsClients bare = AwsClients.builder().environment(Map.of()).profile("tidemark-test-profile-that-does-not-exist").build();
        assertThat(bare.region(Optional.of(URI.create("http://127.0.0.1:4566")))).isEqualTo(Region.US_EAST_1);
        assertThatThrownBy(() -> bare.region(Optional.of(URI.create("https://kinesis.example.com"))))
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void aMalformedEndpointVariableIsNamed() {
        AwsClients clients = AwsClients.builder().environment(Map.of("AWS_ENDPOINT_URL_KINESIS", "not a url")).build();
        assertThatThrownBy(() -> clients.endpoint("KINESIS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_KINESIS");
    }

    @Test
    void loopbackHostsAreRecognised() {
        assertThat(AwsClients.isLoopback(URI.create("http://localhost:4566"))).isTrue();
        assertThat(AwsClients.isLoopback(URI.create("http://127.0.0.1:4568"))).isTrue();
        assertThat(AwsClients.isLoopback(URI.create("http://[::1]:8000"))).isTrue();
        assertThat(AwsClients.isLoopback(URI.create("https://kinesis.us-east-1.amazonaws.com"))).isFalse();
        assertThat(AwsClients.isLoopback(URI.create("http://10.0.0.5:4566"))).isFalse();
    }

    @Test
    void clientsBuildAgainstALoopbackEndpointWithoutAnyAwsConfiguration() {
        AwsClients clients = AwsClients.builder().environment(Map.of())
                .endpointUrl(URI.create("http://127.0.0.1:4566")).build();
        try (var sns = clients.sns(); var dynamo = clients.dynamoDb()) {
            assertThat(sns.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            assertThat(dynamo.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void insideLambdaTheKeysOfTheEnvironmentAreUsedAsTheyAreElsewhereTheDefaultChain() {
        Map<String, String> lambda = Map.of("AWS_LAMBDA_FUNCTION_NAME", "tidemark-kinesis", "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token");
        var fromLambda = AwsClients.builder().environment(lambda).build().credentials(Optional.empty()).resolveCredentials();
        assertThat(fromLambda).isInstanceOf(AwsSessionCredentials.class);
        assertThat(fromLambda.accessKeyId()).isEqualTo("ASIAEXAMPLE");
        assertThat(fromLambda.secretAccessKey()).isEqualTo("secret");
        assertThat(((AwsSessionCredentials) fromLambda).sessionToken()).isEqualTo("token");

        // Off Lambda (no function name), and on SnapStart (no keys in the environment): the SDK's default chain.
        Map<String, String> laptop = new java.util.HashMap<>(lambda);
        laptop.remove("AWS_LAMBDA_FUNCTION_NAME");
        assertThat(AwsClients.builder().environment(laptop).build().credentials(Optional.empty())).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.builder().environment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "tidemark-kinesis", "AWS_REGION", "eu-west-1")).build()
                .credentials(Optional.empty())).isInstanceOf(DefaultCredentialsProvider.class);
    }
}
