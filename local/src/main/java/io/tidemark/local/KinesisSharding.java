package io.tidemark.local;

import io.tidemark.core.stream.HashKeyRange;

/**
 * The shards of the in-process feed of {@code tidemark local}: equal hash-key ranges, as CreateStream
 * makes them, with Kinesis-style ids.
 */
public final class KinesisSharding {

    private KinesisSharding() {
    }

    /** The index of the shard whose range holds the key, for {@code shards} equal ranges. */
    public static int shardIndex(String partitionKey, int shards) {
        return HashKeyRange.evenIndexOf(partitionKey, shards);
    }

    /** Kinesis-style shard id: {@code shardId-000000000003}. */
    public static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }
}
