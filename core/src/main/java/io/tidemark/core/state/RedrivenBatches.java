package io.tidemark.core.state;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The failed batches a shard has taken in again (a redrive), each by its name (the source shard and
 * sequence range of the on-failure record) with the processing time it was applied. The records of
 * such a batch sit below later sequence marks of their keys, so a redrive step is not judged by the
 * marks: it is skipped whole when its batch is here, which makes a second redrive change nothing.
 * Kept for 14 days, the longest an on-failure queue keeps the message that names the batch.
 */
public final class RedrivenBatches {

    static final long RETENTION = Duration.ofDays(14).toMillis();

    /** The name of the failed batch of shard {@code shardId} from {@code first} to {@code last} (sequence numbers). */
    public static String name(String shardId, String first, String last) {
        return shardId + ":" + first + "-" + last;
    }

    /** The shard a batch of this name came from. */
    public static String shardOf(String batch) {
        int colon = batch.indexOf(':');
        return colon < 0 ? batch : batch.substring(0, colon);
    }

    private final TreeMap<String, Long> batches = new TreeMap<>();

    public boolean contains(String batch) {
        return batches.containsKey(batch);
    }

    /** Batch names with the processing time each was applied, sorted (deterministic snapshots). */
    public Map<String, Long> entries() {
        return batches;
    }

    public void remember(String batch, long processingTime) {
        batches.put(batch, processingTime);
    }

    void rememberAll(RedrivenBatches other) {
        batches.putAll(other.batches);
    }

    void expire(long processingTime) {
        batches.values().removeIf(at -> at < processingTime - RETENTION);
    }
}
