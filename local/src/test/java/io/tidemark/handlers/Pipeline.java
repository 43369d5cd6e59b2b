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

    public Pipeline(ItemStore items, PipelineConfig config, java.time.Clock clock, RecordDecoder decoder) {
        this(items, config, clock, decoder, io.tidemark.dynamodb.StateRetention.defaults());
    }

    public Pipeline(ItemStore items, PipelineConfig config, java.time.Clock clock, RecordDecoder decoder,
                    io.tidemark.dynamodb.StateRetention retention) {
        this.config = config;
        this.store = StateStore.on(items, retention);
        this.executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()));
        JsonLog quiet = JsonLog.stdout("test").quiet();
        this.kinesis = new KinesisHandler(executor, decoder, clock, metrics, quiet);
        this.sweeper = new SweeperHandler(executor, config, clock, metrics, quiet);
    }

    public Pipeline(ItemStore items, java.time.Clock clock) {
        this(items, PipelineConfig.defaults().withTablePrefix(items.tables().prefix()), clock, new JsonEventDecoder());
    }

    public Report report() {
        return new ReportReader(store, ViewSettings.spec()).read();
    }
}
