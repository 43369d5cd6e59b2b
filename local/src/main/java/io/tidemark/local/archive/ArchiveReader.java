package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveFormat;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads an archive back into an {@link ArchivedLog}: every object under an S3 prefix that lies in an
 * {@code event_date=…} partition (anything else under the prefix, such as an earlier Firehose's error output, is skipped), or every {@code .jsonl} /
 * {@code .gz} file under a directory, or one file. Plain and GZIP-compressed JSON Lines alike.
 */
public final class ArchiveReader {

    /** Reports progress while objects are read. */
    @FunctionalInterface
    public interface Progress {
        void objectRead(int objectsRead, int objectsTotal, long recordsRead);

        Progress NONE = (read, total, records) -> { };
    }

    private final S3Client s3;
    private final Predicate<String> partitions;
    private final Predicate<SourceRecord> keep;
    private final Progress progress;

    /**
     * @param s3         for {@code s3://} locations (may be null for local ones)
     * @param partitions which event-date partitions to read
     * @param keep       which records to keep (e.g. one partition key)
     */
    public ArchiveReader(S3Client s3, Predicate<String> partitions, Predicate<SourceRecord> keep, Progress progress) {
        this.s3 = s3;
        this.partitions = Objects.requireNonNull(partitions, "partitions");
        this.keep = Objects.requireNonNull(keep, "keep");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Everything, no progress. */
    public static ArchiveReader all(S3Client s3) {
        return new ArchiveReader(s3, p -> true, r -> true, Progress.NONE);
    }

    public ArchivedLog read(ArchiveLocation location) {
        ArchivedLog.Builder log = ArchivedLog.builder();
        if (location instanceof ArchiveLocation.S3Prefix prefix) {
            readS3(prefix, log);
        } else {
            readLocal(((ArchiveLocation.LocalPath) location).path(), log);
        }
        return log.build();
    }

    private void readS3(ArchiveLocation.S3Prefix at, ArchivedLog.Builder log) {
        if (s3 == null) {
            throw new IllegalStateException("reading " + at + " needs an S3 client");
        }
        List<S3Object> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(at.prefix())).contents().forEach(o -> {
                var partition = ArchiveLayout.partitionOf(o.key());
                if (partition.isPresent() && partitions.test(partition.get()) && ArchiveLayout.isArchiveObject(o.key())) {
                    objects.add(o);
                }
            });
        } catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("the archive bucket '" + at.bucket() + "' does not exist: check the s3:// location "
                    + "(the stack output ArchiveBucketName names it)");
        }
        long records = 0;
        int read = 0;
        for (S3Object o : objects) {
            try (InputStream in = s3.getObject(b -> b.bucket(at.bucket()).key(o.key()))) {
                records += readLines(in, "s3://" + at.bucket() + "/" + o.key(), log);
            } catch (IOException e) {
                throw new UncheckedIOException("reading s3://" + at.bucket() + "/" + o.key() + ": " + e.getMessage(), e);
            }
            progress.objectRead(++read, objects.size(), records);
        }
    }

    private void readLocal(Path path, ArchivedLog.Builder log) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).filter(f -> ArchiveLayout.isArchiveObject(f.getFileName().toString()))
                        .filter(f -> ArchiveLayout.partitionOf(path.relativize(f).toString()).map(partitions::test).orElse(true))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the archive directory " + path + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new IllegalArgumentException("no archive at " + path + ": give an archive directory (tidemark local --archive DIR) or file");
        }
        long records = 0;
        int read = 0;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                records += readLines(in, file.toString(), log);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("archive file vanished while reading: " + file);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
            }
            progress.objectRead(++read, files.size(), records);
        }
    }

    private long readLines(InputStream raw, String where, ArchivedLog.Builder log) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream content = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        long kept = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                SourceRecord record = ArchiveFormat.decode(line, where + " line " + number);
                if (keep.test(record)) {
                    log.add(record);
                    kept++;
                }
            }
        }
        return kept;
    }
}
