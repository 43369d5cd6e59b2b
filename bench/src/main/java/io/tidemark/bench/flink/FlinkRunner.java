package io.tidemark.bench.flink;

import io.tidemark.bench.flink.job.Counters;
import io.tidemark.bench.flink.job.JobSettings;
import io.tidemark.bench.flink.job.RunRegistry;
import io.tidemark.bench.flink.job.ViewsJob;
import io.tidemark.core.report.Report;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local Flink MiniCluster (one task manager, one slot, in this JVM) that runs {@link ViewsJob} at
 * parallelism 1 with the heap state backend, without checkpoints or with {@link Checkpointing} on.
 * Started once and reused, so that a measured run is the job's execution only (submission,
 * deployment, processing, finishing), not the cluster's start.
 */
public final class FlinkRunner implements AutoCloseable {

    /** What one job run gave: the views, the counts Flink's accumulators returned, the sink's bookkeeping and the checkpoints taken. */
    public record Outcome(Report report, long firings, long lateDownstream, long checkpointsCompleted) {
    }

    /**
     * Checkpoints as a production job takes them: the hashmap (heap) state backend, full checkpoints to files in
     * {@code directory}, one every {@code interval}.
     */
    public record Checkpointing(Duration interval, Path directory) {
        public Checkpointing {
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("the checkpoint interval must be at least 10 ms (Flink's minimum), got " + interval);
            }
        }

        public String describe() {
            return "hashmap state backend, full checkpoints to a local file directory every " + interval.toMillis() + " ms";
        }
    }

    private final MiniCluster cluster;
    private final JobSettings settings;
    private final Checkpointing checkpointing;

    public FlinkRunner(JobSettings settings) {
        this(settings, null);
    }

    /** @param checkpointing null: no checkpoints */
    public FlinkRunner(JobSettings settings, Checkpointing checkpointing) {
        this.settings = settings;
        this.checkpointing = checkpointing;
        Configuration conf = new Configuration();
        // Loopback and a free port: other processes on this machine may run their own clusters.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Flink MiniCluster: " + e.getMessage(), e);
        }
    }

    /** Runs the job over {@code lines}; the timing covers the job's execution only. */
    public Timed<Outcome> run(List<byte[]> lines) {
        try (RunRegistry.Run run = RunRegistry.open(lines)) {
            Configuration job = new Configuration();
            if (checkpointing != null) {
                job.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                job.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                job.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointing.directory().toUri().toString());
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, job);
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            if (checkpointing != null) {
                env.enableCheckpointing(checkpointing.interval().toMillis());
            }
            env.getConfig().enableObjectReuse(); // operators never mutate their inputs: no defensive copies between chained operators
            ViewsJob.define(env, run, settings);
            JobGraph graph = env.getStreamGraph().getJobGraph();
            Timed<JobExecutionResult> executed = Timed.measure(() -> execute(graph));
            JobExecutionResult result = executed.value();
            long lateDownstream = run.updates().lateDownstream();
            Report.Counts counts = new Report.Counts(counter(result, Counters.ACCEPTED) - lateDownstream,
                    counter(result, Counters.DUPLICATES), counter(result, Counters.REJECTED),
                    counter(result, Counters.LATE) + lateDownstream);
            Outcome outcome = new Outcome(run.updates().report(counts), run.updates().firings(), lateDownstream, checkpoints(result));
            return new Timed<>(outcome, executed.wallNanos(), executed.cpuNanos());
        }
    }

    private JobExecutionResult execute(JobGraph graph) {
        try {
            return cluster.executeJobBlocking(graph);
        } catch (Exception e) {
            throw new IllegalStateException("the Flink job failed: " + e.getMessage(), e);
        }
    }

    private long checkpoints(JobExecutionResult result) {
        if (checkpointing == null) {
            return 0;
        }
        try {
            CheckpointStatsSnapshot stats = cluster.getArchivedExecutionGraph(result.getJobID()).get().getCheckpointStatsSnapshot();
            return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            throw new IllegalStateException("could not read the job's checkpoint statistics: " + e.getMessage(), e);
        }
    }

    private static long counter(JobExecutionResult result, String name) {
        Long value = result.getAccumulatorResult(name);
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Flink MiniCluster: " + e.getMessage(), e);
        }
    }
}
