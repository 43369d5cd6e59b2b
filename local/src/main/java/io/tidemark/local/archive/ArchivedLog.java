package io.tidemark.local.archive;

import io.tidemark.core.stream.SequenceNumbers;
import io.tidemark.core.stream.SourceRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event log as read back from an archive or a stream: every record once (a record can be in two
 * objects — a batch cut differently on a retry, an archive written again from the stream, an earlier
 * Firehose delivery — and its shard and sequence number identify it), each
 * shard's records in sequence-number order — the order Kinesis gave them and the only order per
 * partition key that counts for event time. Held in memory (about the records' size plus ~150
 * bytes each).
 */
public final class ArchivedLog {

    private final Map<String, List<SourceRecord>> byShard;
    private final long redeliveries;
    private final int size;

    private ArchivedLog(Map<String, List<SourceRecord>> byShard, long redeliveries) {
        this.byShard = byShard;
        this.redeliveries = redeliveries;
        this.size = byShard.values().stream().mapToInt(List::size).sum();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ArchivedLog of(List<SourceRecord> records) {
        Builder b = builder();
        records.forEach(b::add);
        return b.build();
    }

    /** Shard ids, sorted. */
    public List<String> shards() {
        return List.copyOf(byShard.keySet());
    }

    /** One shard's records in sequence-number order. */
    public List<SourceRecord> shard(String shardId) {
        return byShard.getOrDefault(shardId, List.of());
    }

    public int size() {
        return size;
    }

    /** Records found more than once (the same shard and sequence number) and kept once. */
    public long redeliveries() {
        return redeliveries;
    }

    /**
     * All records as they arrived: the shards merged by arrival time (ties by shard id), each shard
     * kept in sequence order — how concurrently polled shards were fed live.
     */
    public List<SourceRecord> inArrivalOrder() {
        record Cursor(String shard, List<SourceRecord> records, int index) {
            SourceRecord head() {
                return records.get(index);
            }
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.<Cursor, java.time.Instant>comparing(c -> c.head().arrival())
                .thenComparing(Cursor::shard));
        byShard.forEach((shard, records) -> {
            if (!records.isEmpty()) {
                heads.add(new Cursor(shard, records, 0));
            }
        });
        List<SourceRecord> out = new ArrayList<>(size);
        while (!heads.isEmpty()) {
            Cursor c = heads.poll();
            out.add(c.head());
            if (c.index() + 1 < c.records().size()) {
                heads.add(new Cursor(c.shard(), c.records(), c.index() + 1));
            }
        }
        return out;
    }

    /** Collects records in any order. */
    public static final class Builder {
        private final Map<String, List<SourceRecord>> byShard = new TreeMap<>();
        private final Set<String> seen = new HashSet<>();
        private long redeliveries;

        public Builder add(SourceRecord record) {
            if (!seen.add(record.shardId() + '\u0000' + record.sequenceNumber())) {
                redeliveries++;
                return this;
            }
            byShard.computeIfAbsent(record.shardId(), s -> new ArrayList<>()).add(record);
            return this;
        }

        public ArchivedLog build() {
            Map<String, List<SourceRecord>> sorted = new TreeMap<>();
            byShard.forEach((shard, records) -> {
                List<SourceRecord> copy = new ArrayList<>(records);
                copy.sort(Comparator.comparing(SourceRecord::sequenceNumber, SequenceNumbers.NUMERIC_ORDER));
                sorted.put(shard, List.copyOf(copy));
            });
            return new ArchivedLog(sorted, redeliveries);
        }
    }
}
