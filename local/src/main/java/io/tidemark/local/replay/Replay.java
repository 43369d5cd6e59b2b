package io.tidemark.local.replay;

import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StreamShards;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.local.BatchInvoker;
import io.tidemark.local.LocalPipeline;
import io.tidemark.local.StateBackend;
import io.tidemark.local.archive.ArchivedLog;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Kappa reprocessing: the log, read back from the archive or the stream, run through the same
 * Kinesis handler and sweeper as live, into the tables of a target prefix. Each record goes to the
 * shard and position it had live (shard id and sequence number are in the log), and the shards
 * are fed abreast by arrival time, so every shard state sees the same records in the same order.
 * <p>
 * Fresh target tables get the end of input at the end (the watermark goes to +∞: every window
 * final, every cart timer fired). Tables that already hold shard state — the live tables, say —
 * should not ({@link #targetHasState()}): their own pipeline moves their watermark, and a replay
 * there must change nothing (every record is already applied: the handler skips it by its
 * sequence number). Alerts are only
 * recorded in the target's alerts table; no relay publishes them.
 */
public final class Replay {

    /** Progress while feeding: records fed so far of the total. */
    @FunctionalInterface
    public interface Progress {
        void fed(long records, long total);

        Progress NONE = (records, total) -> { };
    }

    /**
     * @param target          the table prefix written
     * @param endedInput      the input was ended (watermark +∞) after the last record
     * @param records         records fed (each record of the log once)
     * @param shards          shards of the log
     * @param discarded       records that exhausted the handler's retries (on-failure destination)
     * @param views           the target's views after the replay
     */
    public record Result(String target, boolean endedInput, long records, int shards, long discarded, Report views,
                         BatchInvoker.Stats stats, Duration took) {
    }

    private final StateBackend state;
    private final PipelineConfig config;
    private final Clock clock;
    private final PrintStream handlerLog;
    private final boolean verbose;
    private String customersTable;
    private StreamShards lineage = StreamShards.NONE;

    /** @param config settings of the replay; its table prefix is the target */
    public Replay(StateBackend state, PipelineConfig config, Clock clock, PrintStream handlerLog, boolean verbose) {
        this.state = Objects.requireNonNull(state, "state");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handlerLog = Objects.requireNonNull(handlerLog, "handlerLog");
        this.verbose = verbose;
    }

    /**
     * Enrich the replayed purchases from this customers table (normally the live pipeline's): the
     * target prefix's own customers table of a fresh replay is empty, and every order would count
     * under tier {@code unknown}.
     */
    public Replay withCustomersTable(String tableName) {
        this.customersTable = Objects.requireNonNull(tableName, "tableName");
        return this;
    }

    /**
     * Learn the lineage of a resharded stream from this prefix's state table (normally the live pipeline's,
     * which kept what Kinesis listed): a child shard of the log then starts from its parents' states, as
     * it did live. A log of a stream never resharded needs none.
     */
    public Replay withLineageFrom(String prefix) {
        StateStore source = StateStore.on(state.items(TableNames.forPrefix(prefix), new WriteMeter()));
        this.lineage = () -> source.lineages().readAll();
        return this;
    }

    /**
     * Replay with this lineage of a resharded stream (the archive's own lineage objects, {@link ReplayLineage}): a child
     * shard of the log then starts from its parents' states, as it did live, without the live pipeline's tables.
     */
    public Replay withLineage(List<ShardLineage> lineages) {
        List<ShardLineage> copy = List.copyOf(lineages);
        this.lineage = copy.isEmpty() ? StreamShards.NONE : () -> copy;
        return this;
    }

    /** Whether the target tables exist with shard state (a live pipeline or an earlier replay). */
    public boolean targetHasState() {
        TableNames names = TableNames.forPrefix(config.tablePrefix());
        try {
            return !StateStore.on(state.items(names, new WriteMeter())).heads().readAll().isEmpty();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException missing) {
            return false;
        }
    }

    /**
     * Feeds the whole log, then ends the input if {@code endOfInput} (do that only for tables no live
     * pipeline writes: the watermark goes to +∞ for good).
     */
    public Result run(ArchivedLog log, boolean endOfInput, Progress progress) throws InterruptedException {
        long began = System.nanoTime();
        List<SourceRecord> records = log.inArrivalOrder();
        LocalPipeline.Builder builder = LocalPipeline.builder(state, config).clock(clock).handlerLog(handlerLog, verbose).streamShards(lineage);
        if (customersTable != null) {
            builder.customersTable(customersTable);
        }
        LocalPipeline pipeline = builder.build();
        try {
            long fed = 0;
            long every = Math.max(1, records.size() / 200);
            for (SourceRecord r : records) {
                pipeline.accept(r);
                if (++fed % every == 0) {
                    progress.fed(fed, records.size());
                }
            }
            if (endOfInput) {
                pipeline.endOfInput();
            } else {
                pipeline.flush();
            }
            progress.fed(fed, records.size());
            return new Result(config.tablePrefix(), endOfInput, fed, log.shards().size(), pipeline.failures().discarded().size(),
                    pipeline.report(), pipeline.stats(), Duration.ofNanos(System.nanoTime() - began));
        } finally {
            pipeline.close();
        }
    }
}
