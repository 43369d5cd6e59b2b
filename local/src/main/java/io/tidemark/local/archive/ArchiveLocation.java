package io.tidemark.local.archive;

import java.nio.file.Path;
import java.util.Objects;

/** Where an archive is: an S3 prefix ({@code s3://bucket/prefix/}) or a local directory or file. */
public sealed interface ArchiveLocation {

    /** {@code s3://bucket[/prefix]} as given on the command line or in the stack output. */
    record S3Prefix(String bucket, String prefix) implements ArchiveLocation {
        public S3Prefix {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + prefix;
        }
    }

    /** A directory in the archive layout, or a single file of archive lines. */
    record LocalPath(Path path) implements ArchiveLocation {
        public LocalPath {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * Parses {@code s3://bucket/prefix} or a path.
     *
     * @param option named in the error, e.g. {@code --archive}
     */
    static ArchiveLocation parse(String text, String option) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " is empty: give s3://bucket/prefix or a directory");
        }
        if (text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException(option + " '" + text + "' has no bucket: use s3://BUCKET/prefix");
            }
            return new S3Prefix(bucket, prefix);
        }
        if (text.contains("://")) {
            throw new IllegalArgumentException(option + " '" + text + "' is neither s3://bucket/prefix nor a local path");
        }
        return new LocalPath(Path.of(text));
    }
}
