package io.tidemark.handlers;

import io.tidemark.config.PipelineConfig;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.ItemStore;

/** A Kinesis handler and a sweeper over one set of tables, as a container would hold them (one shard cache). */
public final class Pipeline {

    public final PipelineConfig config;
    public final StateStore store;
    public final StepExecutor executor;
    public final KinesisHandler kinesis;
    public final SweeperHandler sweeper;
    public final CountingBusinessMetrics metrics = new CountingBusinessMetrics();
    /** The handlers' log lines (warnings and errors), kept to be read. */
    private final java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();

    public Pipeline(ItemStore items, PipelineConfig config, java.time.Clock clock, RecordDecoder decoder) {
        this(items, config, clock, decoder, io.tidemark.dynamodb.StateRetention.defaults());
    }

    public Pipeline(ItemStore items, PipelineConfig config, java.time.Clock clock, RecordDecoder decoder,
                    io.tidemark.dynamodb.StateRetention retention) {
        this.config = config;
        this.store = StateStore.on(items, retention);
        this.executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()));
        JsonLog quiet = new JsonLog("test", new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8)).quiet();
        this.kinesis = new KinesisHandler(executor, decoder, clock, metrics, quiet);
        this.sweeper = new SweeperHandler(executor, config, clock, metrics, quiet);
    }

    /** Around a given executor (its store, its stream's listing of shards). */
    public Pipeline(StepExecutor executor, PipelineConfig config, java.time.Clock clock) {
        this.config = config;
        this.store = executor.store();
        this.executor = executor;
        JsonLog quiet = new JsonLog("test", new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8)).quiet();
        this.kinesis = new KinesisHandler(executor, new JsonEventDecoder(), clock, metrics, quiet);
        this.sweeper = new SweeperHandler(executor, config, clock, metrics, quiet);
    }

    public Pipeline(ItemStore items, java.time.Clock clock) {
        this(items, PipelineConfig.defaults().withTablePrefix(items.tables().prefix()), clock, new JsonEventDecoder());
    }

    /** The error lines the handlers logged so far (each a JSON object naming the error). */
    public java.util.List<String> errors() {
        synchronized (logged) {
            return logged.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
        }
    }

    public Report report() {
        return new ReportReader(store, ViewSettings.spec()).read();
    }
}
