package io.tidemark.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.core.stream.ShardLineage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A shard's lineage object in the archive ({@link ArchiveLayout#lineageObjectKey}), as {@code ListShards}
 * gave it:
 * <pre>{@code
 * {"shard_id":"shardId-000000000002","parent_shard_id":"shardId-000000000000","starting_hash_key":"0","ending_hash_key":"1701…","stream":"tidemark-events"}
 * }</pre>
 * {@code adjacent_parent_shard_id} follows the parent after a merge; a shard the stream was created with
 * has neither. The bytes depend on the lineage and stream alone (fields in a fixed order), so writing it
 * again writes the same object.
 */
public final class LineageFormat {

    public static final String SHARD_ID = "shard_id";
    public static final String PARENT = "parent_shard_id";
    public static final String ADJACENT_PARENT = "adjacent_parent_shard_id";
    public static final String STARTING_HASH_KEY = "starting_hash_key";
    public static final String ENDING_HASH_KEY = "ending_hash_key";
    public static final String STREAM = "stream";

    private static final JsonFactory JSON = new JsonFactory();

    private LineageFormat() {
    }

    /** @param stream the stream's name (or ARN) the shard belongs to */
    public static byte[] encode(String stream, ShardLineage lineage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(SHARD_ID, lineage.shardId());
            String[] parentFields = {PARENT, ADJACENT_PARENT};
            for (int i = 0; i < lineage.parents().size(); i++) {
                g.writeStringField(parentFields[i], lineage.parents().get(i));
            }
            g.writeStringField(STARTING_HASH_KEY, lineage.range().start().toString());
            g.writeStringField(ENDING_HASH_KEY, lineage.range().end().toString());
            g.writeStringField(STREAM, stream);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
