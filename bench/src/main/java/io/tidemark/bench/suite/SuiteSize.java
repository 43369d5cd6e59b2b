package io.tidemark.bench.suite;

import java.time.Duration;
import java.util.List;

/**
 * How big each benchmark is: {@link #full()} is what the docs show, {@link #quick()} the same
 * benchmarks at small sizes (minutes, for trying the command and for CI).
 *
 * @param jmhWarmups          JMH warm-up iterations (null: the benchmark's own annotation)
 * @param jmhIterations       JMH measurement iterations (null: the annotation's)
 * @param jmhIterationTime    JMH iteration time (null: the annotation's)
 * @param stateSizeEvents     events of the state-size report
 * @param costEvents          events of the headline write-cost run (100 000 at batch size 500)
 * @param costSweepEvents     events of each point of the batch-size sweep
 * @param costBatchSizes      the sweep's batch sizes
 * @param costShards          shards of the write-cost runs: 1, so that every batch is exactly the batch size (a shard's batch is what
 *                            Lambda's batch size bounds) and the file's single-stream watermark is the pipeline's
 * @param flinkRepeat         repetitions of the Flink comparison
 * @param latencyEvents       records of the latency run
 * @param latencyRate         records per second
 * @param latencySpeedup      event-time seconds per wall second
 * @param coldStartRuns       fresh JVMs per cold-start mode
 */
public record SuiteSize(String name, Integer jmhWarmups, Integer jmhIterations, Duration jmhIterationTime, int stateSizeEvents, int costEvents,
                        int costSweepEvents, List<Integer> costBatchSizes, int costShards, int flinkRepeat, int latencyEvents, int latencyRate,
                        int latencySpeedup, int coldStartRuns) {

    public static SuiteSize full() {
        return new SuiteSize("full", null, null, null, 1_000_000, 100_000, 10_000, List.of(1, 10, 100, 500, 1_000), 1, 3, 12_000, 100, 60, 5);
    }

    public static SuiteSize quick() {
        return new SuiteSize("quick", 1, 2, Duration.ofSeconds(1), 100_000, 3_000, 1_000, List.of(1, 10, 100, 500, 1_000), 1, 1, 1_500, 100, 300, 2);
    }

    public boolean isQuick() {
        return name.equals("quick");
    }
}
