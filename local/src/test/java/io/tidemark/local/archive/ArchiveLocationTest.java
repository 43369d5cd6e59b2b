package io.tidemark.local.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveLocationTest {

    @Test
    void locationsAreS3PrefixesOrPathsAndBadOnesSayWhatToGive() {
        assertThat(ArchiveLocation.parse("s3://bucket", "--archive")).isEqualTo(new ArchiveLocation.S3Prefix("bucket", ""));
        assertThat(ArchiveLocation.parse("s3://bucket/a/b", "--archive")).isEqualTo(new ArchiveLocation.S3Prefix("bucket", "a/b/"));
        assertThat(ArchiveLocation.parse("s3://bucket/a/b", "--archive").toString()).isEqualTo("s3://bucket/a/b/");
        assertThat(ArchiveLocation.parse("some/dir", "--archive")).isInstanceOf(ArchiveLocation.LocalPath.class);
        assertThatThrownBy(() -> ArchiveLocation.parse("s3:///x", "--source")).hasMessageContaining("--source 's3:///x' has no bucket");
        assertThatThrownBy(() -> ArchiveLocation.parse("gs://b/x", "--source")).hasMessageContaining("neither s3://bucket/prefix nor a local path");
    }
}
