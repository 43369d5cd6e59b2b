package io.tidemark.bench;

import io.tidemark.core.InMemoryOrderArchive;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.ShardClock;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.UserViews;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.time.Timestamps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Events per second of window assignment and pre-aggregation on one core, as the core's throughput target scopes its
 * benchmark: the {@link ShardProcessorBenchmark} stream, already classified (the accepted events of
 * each step's log entry, with their order-claim outcomes), applied to a fresh {@link UserViews}
 * under a {@link ShardClock}: watermark and horizon after every event, the four views (revenue per
 * hour, active users, sessions, cart machine with its timer) and both joins into pre-aggregated page
 * rows, wake-ups settled after every batch (sessions closed, carts abandoned), end of input.
 * <p>
 * Not in it, unlike {@link ShardProcessorBenchmark}: classification (sequence numbers, validity,
 * lateness, event-id dedupe), remembering event ids and sequence numbers, and claiming order ids.
 * That is the exactly-once bookkeeping around the views.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ViewsBenchmark {

    private static final String SHARD = "shardId-000000000000";

    private final CoreSettings settings = CoreSettings.defaults();
    private List<StepLog> steps;
    private WatermarkInputs endOfInput;
    private UserViews views;
    private ShardClock clock;

    @Setup(Level.Trial)
    public void classifiedTraffic() {
        ShardProcessor processor = new ShardProcessor(settings);
        ShardState state = processor.newState(SHARD);
        InMemoryOrderArchive claims = new InMemoryOrderArchive();
        steps = new ArrayList<>();
        long now = 1_800_000_000_000L;
        int accepted = 0;
        for (List<StreamRecord> batch : Workload.batches(Workload.records(ShardProcessorBenchmark.EVENTS, 50_000, 42), Workload.BATCH)) {
            now += 600;
            StepLog log = processor.step(state, batch, WatermarkInputs.at(now), claims).log();
            steps.add(log);
            accepted += log.accepted().size();
        }
        // Every generated event is accepted exactly once (duplicates and invalid records are extra
        // records, none is late), so events/s here counts the same events as ShardProcessorBenchmark.
        if (accepted != ShardProcessorBenchmark.EVENTS) {
            throw new IllegalStateException("expected " + ShardProcessorBenchmark.EVENTS + " accepted events, the stream has " + accepted);
        }
        endOfInput = WatermarkInputs.at(now + 1).withEndOfInput();
    }

    @Setup(Level.Invocation)
    public void freshViews() {
        views = new UserViews(settings.views());
        clock = new ShardClock(settings.eventTime());
    }

    @Benchmark
    @OperationsPerInvocation(ShardProcessorBenchmark.EVENTS)
    public void wholeStream(Blackhole bh) {
        long arrival = 1;
        for (StepLog step : steps) {
            clock.startStep(SHARD, step.watermarkInputs(), step.records() > 0);
            views.accept(step.accepted(), clock, arrival);
            arrival += step.accepted().size();
            clock.endStep(step.watermarkInputs());
            settle(bh);
        }
        clock.startStep(SHARD, endOfInput, false);
        clock.endStep(endOfInput);
        settle(bh);
        if (clock.horizon() != Timestamps.POSITIVE_INFINITY || views.userCount() != 0) {
            throw new IllegalStateException("end of input left " + views.userCount() + " users in the views");
        }
    }

    private void settle(Blackhole bh) {
        long horizon = clock.horizon();
        bh.consume(views.settle(horizon));
        bh.consume(views.drainChanged());
        views.dropFinal(horizon);
    }
}
