package io.tidemark.dynamodb;

import io.tidemark.core.stream.ShardLineage;

import java.util.List;

/**
 * What the stream itself says of its shards (Kinesis {@code ListShards}): each shard's parents and
 * hash-key range. Closed shards drop out of the listing once their records have expired, so what is
 * learned from it is kept in the state table ({@link ShardLineages}).
 */
@FunctionalInterface
public interface StreamShards {

    /** A stream that is never resharded: every shard the handler meets is one it was created with. */
    StreamShards NONE = List::of;

    /** The shards the stream lists now, open and closed. */
    List<ShardLineage> list();
}
