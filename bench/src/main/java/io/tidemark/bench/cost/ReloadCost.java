package io.tidemark.bench.cost;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.bench.input.ShardedInput;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.dynamodb.ShardLoader;
import io.tidemark.dynamodb.ShardLog;
import io.tidemark.dynamodb.StateRetention;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.dynamodb.ItemStore;
import io.tidemark.local.store.InMemoryDatabase;
import io.tidemark.local.LambdaEvents;
import io.tidemark.local.LocalContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Reload cost at a snapshot bound (docs/state.md, "How often to snapshot"): the 100k input at batch size 500 on one shard with a snapshot only at step 1, then
 * snapshots written at the steps from which the rest of the log is 8x, 4x, 1x and 0x the snapshot's size; each time the
 * shard is loaded (snapshot + log, from the embedded store) and, separately, decoded and replayed in memory.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tidemark.bench.cost.ReloadCost EVENTS.jsonl
 * </pre>
 * Not part of {@code bench/run}: a one-off measurement behind {@code StateRetention.snapshotLogMultiple}.
 */
public final class ReloadCost {
    public static void main(String[] a) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(a[0]));
        String prefix = "reload";
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix).withEventSource(WriteCostRun.batchSize(500));
        TableNames tables = TableNames.forPrefix(prefix);
        ItemStore items = new InMemoryDatabase().items(tables, new WriteMeter());
        items.createTables();
        StateStore store = StateStore.on(items, StateRetention.defaults().withSnapshotLogMultiple(1_000_000));
        ShardProcessor processor = new ShardProcessor(config.coreSettings());
        StepExecutor executor = new StepExecutor(store, processor);
        KinesisHandler handler = new KinesisHandler(executor, new JsonEventDecoder(), Clock.systemUTC(), BusinessMetrics.NONE,
                JsonLog.stdout("bench").quiet());
        LocalContext context = new LocalContext("k", Duration.ofMinutes(15).toMillis());
        String[] shard = new String[1];
        ShardedInput.feed(lines, 1, 500, (s, batch) -> {
            shard[0] = s;
            StreamsEventResponse r = handler.handleRequest(LambdaEvents.kinesisEvent(batch, "arn:aws:kinesis:us-east-1:000000000000:stream/b",
                    "us-east-1", "arn:aws:iam::000000000000:role/b"), context);
            if (r.getBatchItemFailures() != null && !r.getBatchItemFailures().isEmpty()) throw new IllegalStateException("failed batch");
        });
        String id = shard[0];
        List<ShardLog.Entry> entries = store.log().entriesAfter(id, 0);
        int n = entries.size();
        // state after each step, encoded as a snapshot
        ShardState state = processor.newState(id);
        byte[][] snap = new byte[n + 1][];
        long[] logBytesAfter = new long[n + 1];
        for (int i = 0; i < n; i++) {
            processor.replay(state, StepLogCodec.decode(entries.get(i).data()));
            snap[i + 1] = ShardStateCodec.encode(state);
        }
        for (int s = n - 1; s >= 0; s--) logBytesAfter[s] = logBytesAfter[s + 1] + entries.get(s).data().length;
        System.out.printf("%d steps, log %,d bytes (%.1f KB/entry), final snapshot %,d bytes%n", n, logBytesAfter[0],
                logBytesAfter[0] / 1024.0 / n, snap[n].length);
        ShardLoader loader = new ShardLoader(store, processor);
        for (int w = 0; w < 5; w++) loader.load(id); // warm-up (JIT)
        for (int k : new int[]{8, 4, 2, 1, 0}) {
            int s = n;
            while (s > 1 && logBytesAfter[s - 1] <= (long) k * snap[s - 1].length) s--;
            store.snapshots().write(id, s, snap[s], System.currentTimeMillis());
            long[] load = new long[7];
            long[] cpu = new long[7];
            int replayed = 0;
            for (int r = 0; r < load.length; r++) {
                long t0 = System.nanoTime();
                replayed = loader.load(id).replayedEntries();
                load[r] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                ShardState st = ShardStateCodec.decode(snap[s], processor.settings());
                for (int i = s; i < n; i++) processor.replay(st, StepLogCodec.decode(entries.get(i).data()));
                cpu[r] = System.nanoTime() - t0;
            }
            Arrays.sort(load);
            Arrays.sort(cpu);
            System.out.printf("bound %dx: snapshot at step %d (%,d bytes), %d entries replayed (%,d bytes = %.2fx the snapshot): "
                            + "load from the embedded store %.1f ms (median of 7; min %.1f), decode + replay in memory %.1f ms%n",
                    k, s, snap[s].length, replayed, logBytesAfter[s], logBytesAfter[s] / (double) snap[s].length, load[3] / 1e6,
                    load[0] / 1e6, cpu[3] / 1e6);
        }
        System.exit(0);
    }
}
