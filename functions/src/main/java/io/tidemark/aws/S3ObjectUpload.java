package io.tidemark.aws;

import io.tidemark.archive.ArchiveStore;
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
import software.amazon.awssdk.utils.BinaryUtils;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 {@code PutObject} into one bucket and prefix: a hand-made request (the body's SHA-256 signed
 * with Signature Version 4 by the SDK's own signer, sent on its URL-connection client) rather than
 * the SDK's S3 client, whose module and its dependencies would not fit the Lambda jar's 12 MB size
 * gate (the jar had 27 KB to spare). Path-style addressing on an endpoint override (the
 * emulators), virtual-hosted style on AWS. The bucket's default encryption (the pipeline's key)
 * applies; nothing here names a key. Retries throttling and server errors with backoff; any other
 * error names the bucket, the key and what to check.
 */
public final class S3ObjectUpload implements ArchiveStore {

    public static final String S3 = "S3";
    private static final int MAX_ATTEMPTS = 6;
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final String bucket;
    private final String prefix;
    private final Optional<URI> endpoint;
    private final Region region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /**
     * @param clients where the endpoint, region and credentials come from (as for every client)
     * @param bucket  the archive bucket
     * @param prefix  the root of the archive in it: {@code ""} or a folder ending with {@code /}
     */
    public S3ObjectUpload(AwsClients clients, String bucket, String prefix) {
        this(bucket, prefix, clients.endpoint(S3), clients.region(clients.endpoint(S3)), clients.credentials(clients.endpoint(S3)));
    }

    public S3ObjectUpload(String bucket, String prefix, Optional<URI> endpoint, Region region,
                          IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no archive bucket: set the bucket name (TIDEMARK_ARCHIVE_BUCKET for the archiver)");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("archive prefix '" + prefix + "' must be empty or end with '/'");
        }
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build();
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Puts {@code body} at {@code <prefix><key>}. */
    @Override
    public void put(String key, byte[] body) {
        String fullKey = prefix + key;
        URI uri = objectUri(fullKey);
        String sha256 = sha256Hex(body);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).uri(uri)
                .putHeader("Content-Type", "application/x-ndjson")
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amz-content-sha256", sha256)
                .build();
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveIdentity().join()).request(request)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
            try {
                HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                        .contentStreamProvider(signed.payload().orElse(null)).build()).call();
                int status = response.httpResponse().statusCode();
                String answer = new String(read(response.responseBody().orElse(null)), StandardCharsets.UTF_8);
                if (status / 100 == 2) {
                    return;
                }
                Matcher code = ERROR_CODE.matcher(answer);
                String error = code.find() ? code.group(1) : "HTTP " + status;
                boolean retryable = status >= 500 || status == 429 || error.contains("SlowDown") || error.contains("Throttl")
                        || error.equals("RequestTimeout");
                if (!retryable || attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("PutObject s3://" + bucket + "/" + fullKey + " at " + uri.getHost() + " failed: " + error
                            + hint(error));
                }
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new UncheckedIOException("PutObject s3://" + bucket + "/" + fullKey + ": " + e.getMessage(), e);
                }
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 3_000);
        }
    }

    private static String hint(String error) {
        return switch (error) {
            case "AccessDenied" -> " (the function needs s3:PutObject on the archive prefix, and kms:GenerateDataKey on the bucket's key)";
            case "NoSuchBucket" -> " (check TIDEMARK_ARCHIVE_BUCKET: the stack output ArchiveBucketName names the bucket)";
            default -> "";
        };
    }

    private URI objectUri(String fullKey) {
        String path = SdkHttpUtils.urlEncodeIgnoreSlashes(fullKey);
        if (endpoint.isPresent()) {
            String base = endpoint.get().toString().replaceAll("/+$", "");
            return URI.create(base + "/" + bucket + "/" + path);
        }
        return URI.create("https://" + bucket + ".s3." + region.id() + ".amazonaws.com/" + path);
    }

    private static String sha256Hex(byte[] body) {
        try {
            return BinaryUtils.toHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting an archive object", e);
        }
    }
}
