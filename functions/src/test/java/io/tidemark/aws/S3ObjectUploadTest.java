package io.tidemark.aws;

import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-signed PutObject against moto's S3, read back with the SDK's S3 client. */
@ExtendWith(EmulatorStack.class)
class S3ObjectUploadTest {

    @Test
    void anObjectPutUnderThePrefixReadsBackByteForByteUnderItsKey(Endpoints endpoints) {
        AwsClients clients = AwsClients.forEndpoints(endpoints.asEnvironment());
        String bucket = "upload-" + UUID.randomUUID();
        try (S3Client s3 = clients.sync(S3Client.builder().forcePathStyle(true), S3ObjectUpload.S3).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            byte[] body = {0x1f, (byte) 0x8b, 0, 1, 2, (byte) 0xff, '\n', 'x'};
            String key = "events/event_date=2026-11-23/shardId-000000000000-4960-4961 é+x.jsonl.gz";

            new S3ObjectUpload(clients, bucket, "archive/").put(key, body);
            new S3ObjectUpload(clients, bucket, "archive/").put(key, body); // a retried batch: the same key again

            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).singleElement()
                    .satisfies(o -> assertThat(o.key()).isEqualTo("archive/" + key));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("archive/" + key)).asByteArray()).isEqualTo(body);
        }
    }

    @Test
    void aMissingBucketFailsNamingTheBucketTheKeyAndWhereItsNameComesFrom(Endpoints endpoints) {
        AwsClients clients = AwsClients.forEndpoints(endpoints.asEnvironment());
        String bucket = "missing-" + UUID.randomUUID();

        assertThatThrownBy(() -> new S3ObjectUpload(clients, bucket, "").put("events/k.jsonl.gz", "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("s3://" + bucket + "/events/k.jsonl.gz").hasMessageContaining("NoSuchBucket")
                .hasMessageContaining("ArchiveBucketName");
    }

    @Test
    void aPrefixThatIsNotAFolderIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new S3ObjectUpload("b", "archive", java.util.Optional.empty(), software.amazon.awssdk.regions.Region.US_EAST_1,
                software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()))
                .hasMessageContaining("'archive'").hasMessageContaining("end with '/'");
    }
}
