package io.tidemark.local.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.archive.ArchiveFormat;
import io.tidemark.dynamodb.Quarantine;
import io.tidemark.local.input.JsonLinesInput;

import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * A quarantined record as the tools print it: the event archive's fields ({@code shard_id},
 * {@code sequence_number}, {@code partition_key}, {@code arrival}, and {@code data} — the original bytes
 * as text — or {@code data_base64} for bytes that are not UTF-8; docs/replay.md) with {@code kind}
 * ({@code rejected} or {@code late}) and {@code reasons}.
 */
public final class QuarantineJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QuarantineJson() {
    }

    public static ObjectNode of(Quarantine.Entry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", kind(e.kind()));
        e.reasons().forEach(o.putArray("reasons")::add);
        o.put(ArchiveFormat.SHARD_ID, e.shardId());
        o.put(ArchiveFormat.SEQUENCE_NUMBER, e.sequenceNumber());
        o.put(ArchiveFormat.PARTITION_KEY, e.partitionKey());
        o.put(ArchiveFormat.ARRIVAL, Instant.ofEpochMilli(e.arrival()).toString());
        putData(o, e.data());
        return o;
    }

    /** {@code data} for UTF-8 bytes, else {@code data_base64}, as the archive writes them. */
    public static void putData(ObjectNode o, byte[] data) {
        String text = JsonLinesInput.utf8(data);
        if (text != null) {
            o.put(ArchiveFormat.DATA, text);
        } else {
            o.put(ArchiveFormat.DATA_BASE64, Base64.getEncoder().encodeToString(data));
        }
    }

    public static String kind(Quarantine.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
