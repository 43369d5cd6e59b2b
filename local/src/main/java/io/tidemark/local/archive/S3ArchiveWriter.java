package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveLayout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes archive objects to S3 the way Firehose does for the deployed stack: one GZIP-compressed
 * JSON Lines object per delivery and partition, under
 * {@code <prefix>events/event_date=<date>/<stream>-1-<time>-<uuid>.jsonl.gz}. Used where no Firehose
 * reads the stream (the emulators: moto's Firehose does not read a Kinesis stream). Owns its client:
 * {@link #close()} closes it.
 */
public final class S3ArchiveWriter implements ArchiveWriter {

    private final S3Client s3;
    private final ArchiveLocation.S3Prefix target;
    private final String deliveryStreamName;
    private final Clock clock;

    public S3ArchiveWriter(S3Client s3, ArchiveLocation.S3Prefix target, String deliveryStreamName, Clock clock) {
        this.s3 = s3;
        this.target = target;
        this.deliveryStreamName = deliveryStreamName;
        this.clock = clock;
    }

    @Override
    public void write(String eventDate, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String key = target.prefix() + ArchiveLayout.partitionPrefix(eventDate) + ArchiveLayout.objectName(deliveryStreamName, clock.instant());
        s3.putObject(b -> b.bucket(target.bucket()).key(key).contentType("application/x-ndjson"),
                RequestBody.fromBytes(gzip(lines)));
    }

    private static byte[] gzip(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write(line.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String location() {
        return target.toString();
    }

    @Override
    public void close() {
        // nothing buffered (every delivery is one finished object): only the client to release
        s3.close();
    }
}
