package io.tidemark.local.archive;

import io.tidemark.aws.AwsClients;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client for archives: path-style addressing on custom endpoints (moto, LocalStack), whose host names carry no bucket. */
public final class ArchiveS3 {

    private ArchiveS3() {
    }

    public static S3Client client(AwsClients clients) {
        boolean custom = clients.endpoint(AwsClients.S3).isPresent();
        return clients.sync(S3Client.builder(), AwsClients.S3).forcePathStyle(custom).build();
    }
}
