package io.tidemark.core.state;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a redrive step's log entry holds beyond an ordinary step's: the failed batch it takes in
 * ({@link RedrivenBatches#name}) and, when the step runs on the batch's own shard, each key's highest
 * sequence number among the batch's records — marked like any applied record, so that a later re-read of
 * the stream (a replay over the same tables) skips them. On another shard (a child, after a reshard) it
 * marks nothing: sequence numbers of different shards do not compare.
 *
 * @param batch the failed batch's name
 * @param marks partition key → highest sequence number to mark (sorted; empty on another shard)
 */
public record Redrive(String batch, Map<String, String> marks) {

    public Redrive {
        Objects.requireNonNull(batch, "batch");
        marks = Collections.unmodifiableMap(new TreeMap<>(marks));
    }
}
