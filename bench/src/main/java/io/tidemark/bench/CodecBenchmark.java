package io.tidemark.bench;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Encoding and decoding a 500-record log entry and a mid-stream shard snapshot. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CodecBenchmark {

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private StepLog log;
    private byte[] logBytes;
    private ShardState state;
    private byte[] snapshot;

    @Setup
    public void midStream() {
        List<List<StreamRecord>> batches = Workload.batches(Workload.records(200_000, 50_000, 7), Workload.BATCH);
        state = processor.newState("shardId-000000000000");
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        long now = 1_800_000_000_000L;
        StepResult last = null;
        for (List<StreamRecord> batch : batches) {
            now += 600;
            last = processor.step(state, batch, WatermarkInputs.at(now), claims);
        }
        log = last.log();
        logBytes = StepLogCodec.encode(log);
        snapshot = ShardStateCodec.encode(state);
    }

    @Benchmark
    public byte[] encodeLogEntry() {
        return StepLogCodec.encode(log);
    }

    @Benchmark
    public StepLog decodeLogEntry() {
        return StepLogCodec.decode(logBytes);
    }

    @Benchmark
    public byte[] encodeSnapshot() {
        return ShardStateCodec.encode(state);
    }

    @Benchmark
    public ShardState decodeSnapshot() {
        return ShardStateCodec.decode(snapshot, processor.settings());
    }
}
