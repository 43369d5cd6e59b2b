package io.tidemark.bench;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.testkit.SyntheticTraffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's traffic: one busy shard, pre-parsed (valid {@code Event}s, as after decoding and
 * validation), cut into Lambda-sized batches. 1 M events of 50 000 users over 20 minutes of event
 * time (about 830 records/s, close to a Kinesis shard's 1 000/s limit), up to 30 s out of order,
 * 1 % producer duplicates, 0.2 % invalid records, UUID event ids, 56-digit sequence numbers.
 */
final class Workload {

    static final int BATCH = 500;

    private Workload() {
    }

    static List<StreamRecord> records(int events, int users, long seed) {
        return SyntheticTraffic.generate(new SyntheticTraffic.Options(seed, users, events, Instant.parse("2026-11-23T10:00:00Z"),
                Duration.ofSeconds(Math.max(60, events / 830)), Duration.ofSeconds(30), 0.01, 0.002, 0.05, true));
    }

    static List<List<StreamRecord>> batches(List<StreamRecord> records, int size) {
        List<List<StreamRecord>> out = new ArrayList<>(records.size() / size + 1);
        for (int i = 0; i < records.size(); i += size) {
            out.add(List.copyOf(records.subList(i, Math.min(records.size(), i + size))));
        }
        return out;
    }
}
