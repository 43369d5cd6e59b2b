package io.tidemark.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.core.stream.SourceRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * One archived record per line (JSON Lines), the same in S3 (written by the archiver Lambda,
 * {@code ArchiveHandler}) and in a local archive directory:
 * <pre>{@code
 * {"shard_id":"shardId-000000000000","sequence_number":"4960…","partition_key":"u1","arrival":"2026-11-23T10:00:01.234Z","data":"{\"event_id\":…}"}
 * }</pre>
 * {@code data} is the record exactly as the producer sent it (a JSON string holds any UTF-8 text
 * byte for byte); bytes that are not UTF-8 go to {@code data_base64} instead. The shard id and
 * sequence number let a replay feed each record to the shard and position it had, so that a replay
 * into the live tables is recognised as already applied; the arrival time keeps the shards abreast
 * of each other in a replay as they were live.
 */
public final class ArchiveFormat {

    public static final String SHARD_ID = "shard_id";
    public static final String SEQUENCE_NUMBER = "sequence_number";
    public static final String PARTITION_KEY = "partition_key";
    public static final String ARRIVAL = "arrival";
    public static final String DATA = "data";
    public static final String DATA_BASE64 = "data_base64";
    /** The partition of records whose {@code timestamp} is missing or not an ISO-8601 instant with an offset. */
    public static final String UNKNOWN_DATE = "unknown";

    private static final JsonFactory JSON = new JsonFactory();

    private ArchiveFormat() {
    }

    /** The record as one archive line, without the line break. */
    public static String encode(SourceRecord record) {
        StringWriter out = new StringWriter(record.data().length + 160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(SHARD_ID, record.shardId());
            g.writeStringField(SEQUENCE_NUMBER, record.sequenceNumber());
            g.writeStringField(PARTITION_KEY, record.partitionKey());
            g.writeStringField(ARRIVAL, record.arrival().toString());
            String text = utf8(record.data());
            if (text != null) {
                g.writeStringField(DATA, text);
            } else {
                g.writeStringField(DATA_BASE64, Base64.getEncoder().encodeToString(record.data()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Reads one archive line.
     *
     * @param where named in errors, e.g. {@code s3://bucket/key line 17}
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static SourceRecord decode(String line, String where) {
        String shard = null;
        String sequence = null;
        String key = null;
        String arrival = null;
        byte[] data = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(where + ": an archive line must be a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case SHARD_ID -> shard = text(p, value, field, where);
                    case SEQUENCE_NUMBER -> sequence = text(p, value, field, where);
                    case PARTITION_KEY -> key = text(p, value, field, where);
                    case ARRIVAL -> arrival = text(p, value, field, where);
                    case DATA -> data = text(p, value, field, where).getBytes(StandardCharsets.UTF_8);
                    case DATA_BASE64 -> {
                        try {
                            data = Base64.getDecoder().decode(text(p, value, field, where));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + ": " + DATA_BASE64 + " is not base64: " + e.getMessage());
                        }
                    }
                    default -> p.skipChildren(); // later versions may add fields
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not a JSON archive line: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        require(shard, SHARD_ID, where);
        require(sequence, SEQUENCE_NUMBER, where);
        require(key, PARTITION_KEY, where);
        require(arrival, ARRIVAL, where);
        if (data == null) {
            throw new IllegalArgumentException(where + ": missing " + DATA + " (or " + DATA_BASE64 + "): the archived record's bytes");
        }
        if (!sequence.chars().allMatch(Character::isDigit) || sequence.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + SEQUENCE_NUMBER + " must be a decimal Kinesis sequence number, got '" + sequence + "'");
        }
        Instant at;
        try {
            at = Instant.parse(arrival);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + ARRIVAL + " must be an ISO-8601 instant such as 2026-11-23T10:00:01.234Z, got '"
                    + arrival + "'");
        }
        return new SourceRecord(shard, sequence, key, data, at);
    }

    /**
     * The event date (UTC, {@code yyyy-MM-dd}) of a record's {@code timestamp}: the archive's
     * partition. {@value #UNKNOWN_DATE} for a record without a readable timestamp (it is archived
     * all the same: the log keeps every record the stream accepted).
     */
    public static String eventDate(byte[] data) {
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN_DATE;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("timestamp".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? dateOf(p.getText()) : UNKNOWN_DATE;
                }
                p.skipChildren();
            }
        } catch (IOException malformed) {
            // not JSON: no event time to partition by
        }
        return UNKNOWN_DATE;
    }

    private static String dateOf(String timestamp) {
        try {
            return OffsetDateTime.parse(timestamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return UNKNOWN_DATE;
        }
    }

    private static String text(JsonParser p, JsonToken value, String field, String where) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(where + ": " + field + " must be a string, got " + value);
        }
        return p.getText();
    }

    private static void require(String value, String field, String where) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(where + ": missing " + field);
        }
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
