package io.tidemark.handlers;

import io.tidemark.config.PipelineConfig;
import io.tidemark.config.TableNames;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.report.Report;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StepExecutor;
import io.tidemark.dynamodb.WriteMeter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A Kinesis handler and a sweeper over one set of tables, as a container would hold them (one shard cache). */
public final class Pipeline {

    public final PipelineConfig config;
    public final StateStore store;
    public final StepExecutor executor;
    public final KinesisHandler kinesis;
    public final SweeperHandler sweeper;
    public final CountingBusinessMetrics metrics = new CountingBusinessMetrics();

    public Pipeline(DynamoDbClient dynamo, TableNames tables, PipelineConfig config, java.time.Clock clock, WriteMeter meter,
                    RecordDecoder decoder) {
        this(dynamo, tables, config, clock, meter, decoder, io.tidemark.dynamodb.StateRetention.defaults());
    }

    public Pipeline(DynamoDbClient dynamo, TableNames tables, PipelineConfig config, java.time.Clock clock, WriteMeter meter,
                    RecordDecoder decoder, io.tidemark.dynamodb.StateRetention retention) {
        this.config = config;
        this.store = StateStore.create(dynamo, tables, retention, meter);
        this.executor = new StepExecutor(store, new ShardProcessor(config.coreSettings()));
        JsonLog quiet = JsonLog.stdout("test").quiet();
        this.kinesis = new KinesisHandler(executor, decoder, clock, metrics, quiet);
        this.sweeper = new SweeperHandler(executor, config, clock, metrics, quiet);
    }

    public Pipeline(DynamoDbClient dynamo, TableNames tables, java.time.Clock clock) {
        this(dynamo, tables, PipelineConfig.defaults().withTablePrefix(tables.prefix()), clock, new WriteMeter(), new JsonEventDecoder());
    }

    public Report report() {
        return new ReportReader(store, ViewSettings.spec()).read();
    }
}
