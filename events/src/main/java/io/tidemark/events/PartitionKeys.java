package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The Kinesis partition key of a record: its {@code user_id}, so that all events of a user stay
 * in order on one shard. Records without a usable {@code user_id} (invalid ones, sent anyway to
 * exercise the quarantine) share one key.
 */
public final class PartitionKeys {

    /** The key of records that have no {@code user_id}. */
    public static final String NO_USER = "invalid-record";

    private static final JsonFactory JSON = new JsonFactory();

    private PartitionKeys() {
    }

    /** The top-level {@code user_id} string, read without building a tree; {@link #NO_USER} if there is none. */
    public static String of(byte[] record) {
        try (JsonParser p = JSON.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NO_USER;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("user_id".equals(field)) {
                    String id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    return id == null || id.isEmpty() || id.length() > 256 ? NO_USER : id;
                }
                p.skipChildren();
            }
        } catch (IOException malformed) {
            // not JSON (or cut short before user_id): no key of its own
        }
        return NO_USER;
    }
}
