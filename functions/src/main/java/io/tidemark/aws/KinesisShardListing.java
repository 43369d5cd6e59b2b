package io.tidemark.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kinesis {@code ListShards} of one stream: every shard it lists, open and closed, with its parents and
 * hash-key range — how a handler learns a reshard's lineage. A hand-made call (JSON over HTTPS, signed
 * with Signature Version 4 by the SDK's own signer and sent on its URL-connection client) rather than
 * the SDK's Kinesis client: that module is 1.2 MB, and the Lambda jar's 12 MB size gate had 67 KB to
 * spare. The HTTP client is made on the first listing, not with the listing: a handler lists only when it
 * meets a shard the state table does not know, so most cold starts never pay for a second client.
 * Retries throttling and server errors with backoff; any other error names the stream and what to check.
 */
public final class KinesisShardListing {

    public static final String KINESIS = "KINESIS";
    private static final String TARGET = "Kinesis_20131202.ListShards";
    private static final int MAX_ATTEMPTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stream;
    private final URI endpoint;
    private final Region region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private SdkHttpClient http;
    private AwsV4HttpSigner signer;

    /**
     * @param clients where the endpoint, region and credentials come from (as for every client)
     * @param stream  the stream's name, or its ARN
     */
    public KinesisShardListing(AwsClients clients, String stream) {
        this(stream, clients.endpoint(KINESIS), clients.region(clients.endpoint(KINESIS)), clients.credentials(clients.endpoint(KINESIS)));
    }

    /**
     * @param endpoint    the Kinesis endpoint, or empty for the region's own
     * @param credentials what signs the calls
     */
    public KinesisShardListing(String stream, Optional<URI> endpoint, Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.stream = stream;
        this.region = region;
        this.endpoint = endpoint.orElse(URI.create("https://kinesis." + region.id() + ".amazonaws.com"));
        this.credentials = credentials;
    }

    /** Every shard the stream lists now, open and closed, in the order Kinesis gives them. */
    public synchronized List<ShardLineage> list() {
        if (http == null) {
            signer = AwsV4HttpSigner.create();
            http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)).build();
        }
        List<ShardLineage> shards = new ArrayList<>();
        String next = null;
        do {
            ObjectNode body = JSON.createObjectNode();
            if (next == null) {
                body.put(stream.startsWith("arn:") ? "StreamARN" : "StreamName", stream);
            } else {
                body.put("NextToken", next);
            }
            JsonNode page = call(body);
            for (JsonNode shard : page.path("Shards")) {
                List<String> parents = new ArrayList<>(2);
                if (shard.hasNonNull("ParentShardId")) {
                    parents.add(shard.get("ParentShardId").asText());
                }
                if (shard.hasNonNull("AdjacentParentShardId")) {
                    parents.add(shard.get("AdjacentParentShardId").asText());
                }
                JsonNode range = shard.path("HashKeyRange");
                shards.add(new ShardLineage(shard.path("ShardId").asText(), parents,
                        HashKeyRange.of(range.path("StartingHashKey").asText(), range.path("EndingHashKey").asText())));
            }
            next = page.hasNonNull("NextToken") ? page.get("NextToken").asText() : null;
        } while (next != null);
        return shards;
    }

    private JsonNode call(ObjectNode body) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", TARGET).build();
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveIdentity().join()).request(request)
                    .payload(ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
            try {
                HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null)).build()).call();
                int status = response.httpResponse().statusCode();
                byte[] answer = read(response.responseBody().orElse(null));
                JsonNode json = answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
                if (status / 100 == 2) {
                    return json;
                }
                String error = json.path("__type").asText("HTTP " + status);
                boolean retryable = status >= 500 || error.contains("LimitExceeded") || error.contains("Throttling");
                if (!retryable || attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("ListShards of Kinesis stream '" + stream + "' at " + endpoint + " failed: " + error + " "
                            + json.path("message").asText(json.path("Message").asText("")) + " (the function needs kinesis:ListShards on it)");
                }
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new UncheckedIOException("ListShards of Kinesis stream '" + stream + "' at " + endpoint + ": " + e.getMessage(), e);
                }
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 3_000);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try {
            return in.readAllBytes();
        } finally {
            in.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the shards", e);
        }
    }
}
