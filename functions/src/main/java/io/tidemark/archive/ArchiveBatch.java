package io.tidemark.archive;

import io.tidemark.core.stream.SourceRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The archive objects of one batch the stream delivered: per shard and event-date partition, one
 * GZIP-compressed JSON Lines object ({@link ArchiveFormat}), its records in the batch's order. The
 * key is a function of the batch alone — its shard and the sequence numbers of its first and last
 * record ({@link ArchiveLayout#batchObjectKey}) — and so are the bytes (GZIP without a time stamp):
 * a retried batch writes the same objects again, never a second copy.
 */
public final class ArchiveBatch {

    /** One object to put: its key under the archive's root, the compressed lines, how many records they hold. */
    public record ArchiveObject(String key, byte[] body, int records) {
    }

    private ArchiveBatch() {
    }

    /**
     * @param prefix the archive's root in the bucket ({@code ""} or ending with {@code /})
     * @param batch  records as read from the stream, each shard's in sequence order
     */
    public static List<ArchiveObject> objects(String prefix, List<SourceRecord> batch) {
        Map<String, List<SourceRecord>> byShard = new LinkedHashMap<>();
        for (SourceRecord r : batch) {
            byShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>()).add(r);
        }
        List<ArchiveObject> out = new ArrayList<>();
        for (Map.Entry<String, List<SourceRecord>> shard : byShard.entrySet()) {
            List<SourceRecord> records = shard.getValue();
            String first = records.get(0).sequenceNumber();
            String last = records.get(records.size() - 1).sequenceNumber();
            Map<String, List<String>> byDate = new LinkedHashMap<>();
            for (SourceRecord r : records) {
                byDate.computeIfAbsent(ArchiveFormat.eventDate(r.data()), d -> new ArrayList<>()).add(ArchiveFormat.encode(r));
            }
            byDate.forEach((date, lines) -> out.add(new ArchiveObject(
                    prefix + ArchiveLayout.batchObjectKey(date, shard.getKey(), first, last), gzip(lines), lines.size())));
        }
        return out;
    }

    private static byte[] gzip(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 120);
        // Java's GZIP header carries no modification time: the same lines give the same bytes.
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            for (String line : lines) {
                gz.write(line.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
