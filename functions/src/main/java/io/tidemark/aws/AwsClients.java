package io.tidemark.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the deployed functions' SDK clients are made, and how any client is pointed at AWS,
 * LocalStack or the local emulators. Settings come from the standard AWS sources, in the SDK's own order of precedence,
 * unless an explicit override is given:
 * <ul>
 *   <li>endpoint: override for the service, override for all, the JVM system properties
 *       {@code aws.endpointUrl<Service>} (e.g. {@code aws.endpointUrlDynamodb}) and
 *       {@code aws.endpointUrl}, {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g.
 *       {@code AWS_ENDPOINT_URL_KINESIS}), {@code AWS_ENDPOINT_URL}, else the AWS endpoint — the
 *       AWS SDK's own names and order;</li>
 *   <li>region: override, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, the profile's region, and
 *       for a loopback endpoint {@code us-east-1};</li>
 *   <li>credentials: override, the named profile ({@code --profile} or {@code AWS_PROFILE}), the
 *       SDK's default chain; for a loopback endpoint with nothing configured, dummy keys (the
 *       emulators accept any); inside a Lambda function with keys in its environment, those keys
 *       (what the default chain would find, without building its other providers on the cold start;
 *       SnapStart puts no keys there, so its functions keep the chain, which finds the container's).</li>
 * </ul>
 * Clients use the URL-connection HTTP client, the lightest the SDK has (Lambda cold starts). Only the
 * services the handlers call are made here (DynamoDB, SNS), so the Lambda jar carries no other: the
 * clients of the runner, the CLI and the tools (Kinesis, SQS, S3, Netty's async Kinesis client) are
 * made above it, by {@code io.tidemark.local.aws.ToolClients}, through {@link #sync} and
 * {@link #configure}.
 */
public final class AwsClients {

    /** The service part of {@code AWS_ENDPOINT_URL_<SERVICE>} for the services the handlers call. */
    public static final String DYNAMODB = "DYNAMODB";
    public static final String SNS = "SNS";

    // Letters and digits only: some emulators refuse anything else in an access key id.
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("tidemarklocal", "tidemarklocal"));

    private final Map<String, String> env;
    private final Properties properties;
    private final URI endpointForAll;
    private final Map<String, URI> endpointPerService;
    private final String region;
    private final String profile;
    private final AwsCredentialsProvider credentials;

    private AwsClients(Builder b) {
        this.env = Map.copyOf(b.env);
        this.properties = b.properties;
        this.endpointForAll = b.endpointForAll;
        this.endpointPerService = Map.copyOf(b.endpointPerService);
        this.region = b.region;
        this.profile = b.profile;
        this.credentials = b.credentials;
    }

    /** Everything from the process environment and the AWS config files. */
    public static AwsClients fromEnvironment() {
        return builder().build();
    }

    /**
     * Clients bound to the endpoints that these {@code AWS_ENDPOINT_URL_<SERVICE>} variables name,
     * reading nothing else from the process environment (the emulators, from tests and tools).
     */
    public static AwsClients forEndpoints(Map<String, String> endpointVariables) {
        return builder().environment(endpointVariables).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public DynamoDbClient dynamoDb() {
        return sync(DynamoDbClient.builder(), DYNAMODB).build();
    }

    public SnsClient sns() {
        return sync(SnsClient.builder(), SNS).build();
    }

    /**
     * Applies endpoint, region and credentials to any sync client builder, with the URL-connection
     * HTTP client, e.g. {@code clients.sync(CloudFormationClient.builder(), "CLOUDFORMATION").build()}.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B sync(B builder, String service) {
        return configure(builder, service).httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)));
    }

    /** Applies endpoint, region and credentials to any client builder (sync or async). */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String service) {
        Optional<URI> endpoint = endpoint(service);
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(region(endpoint));
        builder.credentialsProvider(credentials(endpoint));
        return builder;
    }

    /** The endpoint a client of this service will use, if not the AWS default. */
    public Optional<URI> endpoint(String service) {
        String key = service.toUpperCase(Locale.ROOT);
        URI explicit = endpointPerService.get(key);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (endpointForAll != null) {
            return Optional.of(endpointForAll);
        }
        return propertyUri("aws.endpointUrl" + propertySuffix(key)).or(() -> propertyUri("aws.endpointUrl"))
                .or(() -> envUri("AWS_ENDPOINT_URL_" + key)).or(() -> envUri("AWS_ENDPOINT_URL"));
    }

    /** {@code DYNAMODB_STREAMS} → {@code DynamodbStreams}, as the SDK names its system properties. */
    private static String propertySuffix(String service) {
        StringBuilder out = new StringBuilder();
        for (String part : service.split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private Optional<URI> propertyUri(String name) {
        String value = firstNonBlank(properties.getProperty(name));
        return value == null ? Optional.empty() : Optional.of(parseUri(name, value));
    }

    /** The region clients get; fails with a message saying how to set one. */
    public Region region(Optional<URI> endpoint) {
        if (region != null) {
            return Region.of(region);
        }
        String fromEnv = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        if (fromEnv != null) {
            return Region.of(fromEnv);
        }
        try {
            String p = activeProfile();
            return p != null ? new AwsProfileRegionProvider(null, p).getRegion() : DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (endpoint.map(AwsClients::isLoopback).orElse(false)) {
                return Region.US_EAST_1;
            }
            throw new IllegalStateException("no AWS region configured: set AWS_REGION (e.g. export AWS_REGION=us-east-1), "
                    + "pass --region, or set a region in your AWS profile");
        }
    }

    /** The credentials a client of a service at this endpoint gets (see the class comment). */
    public AwsCredentialsProvider credentials(Optional<URI> endpoint) {
        if (credentials != null) {
            return credentials;
        }
        String p = activeProfile();
        if (p != null) {
            return ProfileCredentialsProvider.create(p);
        }
        boolean keysInEnv = firstNonBlank(env.get("AWS_ACCESS_KEY_ID")) != null;
        if (!keysInEnv && endpoint.map(AwsClients::isLoopback).orElse(false)) {
            return LOCAL_CREDENTIALS;
        }
        String secret = firstNonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
        if (keysInEnv && secret != null && onLambda()) {
            // The role's session keys, which Lambda puts in the environment for the container's life: what the default
            // chain would find there too, without building its other providers on the cold start's path.
            String id = firstNonBlank(env.get("AWS_ACCESS_KEY_ID"));
            String token = firstNonBlank(env.get("AWS_SESSION_TOKEN"));
            return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Inside a Lambda function (the runtime sets the function's name), where the environment holds the role's credentials. */
    private boolean onLambda() {
        return firstNonBlank(env.get("AWS_LAMBDA_FUNCTION_NAME")) != null;
    }

    private String activeProfile() {
        return firstNonBlank(profile, env.get("AWS_PROFILE"));
    }

    private Optional<URI> envUri(String name) {
        String value = firstNonBlank(env.get(name));
        return value == null ? Optional.empty() : Optional.of(parseUri(name, value));
    }

    private static URI parseUri(String name, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": expected a URL such as http://127.0.0.1:4566, got '" + value + "'");
        }
    }

    /** True for localhost, 127.0.0.0/8 and ::1: the emulators, LocalStack, anything on this machine. */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost") || host.endsWith(".localhost") || host.equals("localhost.localstack.cloud")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** Explicit overrides; anything not set comes from the environment and the AWS config files. */
    public static final class Builder {
        private Map<String, String> env = System.getenv();
        private Properties properties = System.getProperties();
        private URI endpointForAll;
        private final Map<String, URI> endpointPerService = new HashMap<>();
        private String region;
        private String profile;
        private AwsCredentialsProvider credentials;

        private Builder() {
        }

        /**
         * The environment to read instead of the process's (tests pass their own); JVM system
         * properties are then not read either.
         */
        public Builder environment(Map<String, String> environment) {
            this.env = Objects.requireNonNull(environment, "environment");
            this.properties = new Properties();
            return this;
        }

        /** {@code --endpoint-url}: one endpoint for every service (LocalStack on :4566, say). */
        public Builder endpointUrl(URI endpoint) {
            this.endpointForAll = endpoint;
            return this;
        }

        /** One service's endpoint, e.g. {@code endpointUrl(AwsClients.DYNAMODB, uri)}. */
        public Builder endpointUrl(String service, URI endpoint) {
            endpointPerService.put(service.toUpperCase(Locale.ROOT), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        public Builder region(String region) {
            this.region = region == null || region.isBlank() ? null : region.trim();
            return this;
        }

        public Builder profile(String profile) {
            this.profile = profile == null || profile.isBlank() ? null : profile.trim();
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
