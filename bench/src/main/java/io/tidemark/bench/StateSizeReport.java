package io.tidemark.bench;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;

import java.util.List;

/**
 * Prints what a shard costs in bytes while the benchmark's traffic flows: log entry bytes per
 * record, snapshot bytes and heap per user held in the state. Run:
 * {@code java -cp bench/target/benchmarks.jar io.tidemark.bench.StateSizeReport [events] [users]}.
 */
public final class StateSizeReport {

    private StateSizeReport() {
    }

    /** One sample of the shard's state while the stream flows. */
    public record Row(int step, int users, int eventIds, int sequenceKeys, long snapshotBytes, long heapBytes) {
        public double snapshotBytesPerUser() {
            return (double) snapshotBytes / users;
        }

        public double heapBytesPerUser() {
            return (double) heapBytes / users;
        }
    }

    /** Five samples along the stream and the log bytes over all of it. */
    public record Result(int events, int users, int records, int batchSize, List<Row> rows, long logBytes, long logRecords) {
        public double logBytesPerRecord() {
            return (double) logBytes / logRecords;
        }
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Result r = measure(events, users);
        System.out.printf("%d records (%d events, %d users) in batches of %d%n", r.records(), events, users, r.batchSize());
        System.out.printf("%8s %9s %9s %9s %12s %10s %12s %10s%n", "step", "users", "eventIds", "seqKeys", "snapshot B", "B/user",
                "heap B", "heap/user");
        for (Row row : r.rows()) {
            System.out.printf("%8d %9d %9d %9d %12d %10.1f %12d %10.1f%n", row.step(), row.users(), row.eventIds(), row.sequenceKeys(),
                    row.snapshotBytes(), row.snapshotBytesPerUser(), row.heapBytes(), row.heapBytesPerUser());
        }
        System.out.printf("log entries: %d bytes for %d records = %.1f bytes/record%n", r.logBytes(), r.logRecords(), r.logBytesPerRecord());
    }

    public static Result measure(int events, int users) {
        List<StreamRecord> records = Workload.records(events, users, 42);
        List<List<StreamRecord>> batches = Workload.batches(records, Workload.BATCH);
        ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
        ShardState state = processor.newState("shardId-000000000000");
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        long now = 1_800_000_000_000L;
        long logBytes = 0;
        long logRecords = 0;
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            now += 600;
            StepResult r = processor.step(state, batches.get(i), WatermarkInputs.at(now), claims);
            logBytes += StepLogCodec.encode(r.log()).length;
            logRecords += r.log().records();
            if ((i + 1) % (batches.size() / 5) == 0) {
                byte[] snapshot = ShardStateCodec.encode(state);
                long heap = retainedHeap(state);
                rows.add(new Row(i + 1, state.userCount(), state.rememberedEventIds(), state.sequences().size(), snapshot.length, heap));
            }
        }
        return new Result(events, users, records.size(), Workload.BATCH, List.copyOf(rows), logBytes, logRecords);
    }

    /** Heap held by {@code state}: used heap with it minus used heap with a copy dropped, after full GCs (an estimate). */
    public static long retainedHeap(ShardState state) {
        long with = usedAfterGc();
        ShardState copy = ShardStateCodec.copy(state);
        long withCopy = usedAfterGc();
        long size = withCopy - with;
        if (copy.appliedSteps() < 0) {
            System.out.println(copy); // keeps the copy reachable until here
        }
        return size;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
