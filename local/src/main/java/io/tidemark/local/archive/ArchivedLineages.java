package io.tidemark.local.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.archive.LineageFormat;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the shard lineage the archiver recorded beside the events ({@code lineage/<shard>.json},
 * {@link LineageFormat}), from an S3 prefix or an archive directory: what a replay needs to hand
 * state over across a reshard without the live pipeline's state table. An archive without lineage
 * objects (written before they existed, a single file) gives none.
 */
public final class ArchivedLineages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;

    /** @param s3 for {@code s3://} locations (may be null for local ones) */
    public ArchivedLineages(S3Client s3) {
        this.s3 = s3;
    }

    /** Every lineage object under the archive's root, sorted by shard id. */
    public List<ShardLineage> read(ArchiveLocation location) {
        List<ShardLineage> out = new ArrayList<>();
        if (location instanceof ArchiveLocation.S3Prefix at) {
            if (s3 == null) {
                throw new IllegalStateException("reading " + at + " needs an S3 client");
            }
            try {
                s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(at.prefix() + ArchiveLayout.LINEAGE_PREFIX)).contents()
                        .forEach(o -> out.add(decode(s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(o.key())).asByteArray(),
                                "s3://" + at.bucket() + "/" + o.key())));
            } catch (NoSuchBucketException e) {
                throw new IllegalArgumentException("the archive bucket '" + at.bucket() + "' does not exist: check the s3:// location "
                        + "(the stack output ArchiveBucketName names it)");
            }
        } else {
            Path folder = ((ArchiveLocation.LocalPath) location).path().resolve(ArchiveLayout.LINEAGE_PREFIX);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        out.add(decode(Files.readAllBytes(f), f.toString()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the shard lineage under " + folder + ": " + e.getMessage(), e);
                }
            }
        }
        out.sort(Comparator.comparing(ShardLineage::shardId));
        return out;
    }

    /**
     * One lineage object.
     *
     * @param where named in errors, e.g. {@code s3://bucket/lineage/shardId-000000000001.json}
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    static ShardLineage decode(byte[] body, String where) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not a JSON shard lineage object: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(where + ": a shard lineage object must be a JSON object");
        }
        String shard = required(json, LineageFormat.SHARD_ID, where);
        List<String> parents = new ArrayList<>(2);
        if (json.hasNonNull(LineageFormat.PARENT)) {
            parents.add(json.get(LineageFormat.PARENT).asText());
        }
        if (json.hasNonNull(LineageFormat.ADJACENT_PARENT)) {
            if (parents.isEmpty()) {
                throw new IllegalArgumentException(where + ": " + LineageFormat.ADJACENT_PARENT + " without " + LineageFormat.PARENT
                        + ": a merged shard names both its parents");
            }
            parents.add(json.get(LineageFormat.ADJACENT_PARENT).asText());
        }
        String start = required(json, LineageFormat.STARTING_HASH_KEY, where);
        String end = required(json, LineageFormat.ENDING_HASH_KEY, where);
        try {
            return new ShardLineage(shard, parents, HashKeyRange.of(start, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + " (" + LineageFormat.STARTING_HASH_KEY + ", "
                    + LineageFormat.ENDING_HASH_KEY + ": decimal hash keys from 0 to 2^128-1, as ListShards gives them)");
        }
    }

    private static String required(JsonNode json, String field, String where) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(where + ": missing " + field + " (a string)");
        }
        return v.asText();
    }
}
