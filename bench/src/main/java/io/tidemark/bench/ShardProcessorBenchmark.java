package io.tidemark.bench;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Events per second through {@link ShardProcessor} on one core: classify (sequence numbers, lateness,
 * event-id dedupe), claim order ids (in memory), assign windows and pre-aggregate all four views,
 * settle timers and sessions, and optionally encode each step's log entry (what the Kinesis handler
 * commits). One invocation is the whole 1 M-event stream from an empty state to end of input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ShardProcessorBenchmark {

    static final int EVENTS = 1_000_000;

    @Param({"false", "true"})
    public boolean encodeLog;

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private List<List<StreamRecord>> batches;
    private int records;
    private ShardState state;
    private InMemoryOrderArchive claims;

    @Setup(Level.Trial)
    public void traffic() {
        List<StreamRecord> all = Workload.records(EVENTS, 50_000, 42);
        records = all.size();
        batches = Workload.batches(all, Workload.BATCH);
    }

    @Setup(Level.Invocation)
    public void freshShard() {
        state = processor.newState("shardId-000000000000");
        claims = new InMemoryOrderArchive();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void wholeStream(Blackhole bh) {
        long now = 1_800_000_000_000L;
        for (List<StreamRecord> batch : batches) {
            now += 600;
            StepResult r = processor.step(state, batch, WatermarkInputs.at(now), claims);
            bh.consume(r.effects());
            if (encodeLog) {
                bh.consume(StepLogCodec.encode(r.log()));
            }
        }
        bh.consume(processor.tick(state, WatermarkInputs.at(now + 1).withEndOfInput()).effects());
    }

    /** Records in the stream (events plus duplicates and invalid records), to convert events/s to records/s. */
    public int records() {
        return records;
    }
}
