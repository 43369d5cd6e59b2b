package io.tidemark.infra;

import io.tidemark.config.StackOutputs;
import io.tidemark.config.Table;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The whole pipeline in one stack: stream → Kinesis handler → tables; sweeper on a schedule;
 * alerts table stream → alert publisher → alerts topic; dashboard and alarms; outputs for the CLI.
 */
public final class TidemarkStack extends Stack {

    private final DeploymentSettings settings;
    private final DataKey dataKey;
    private final EventStream eventStream;
    private final StateTables tables;
    private final Alerts alerts;
    private final Queue failedBatches;
    private final PipelineFunctions functions;
    private final Operations operations;
    private final EventArchive archive;

    public TidemarkStack(Construct scope, DeploymentSettings settings, Path lambdaJar, StackProps props) {
        super(scope, settings.stackName(), StackProps.builder()
                .stackName(settings.stackName())
                .description("Tidemark: event-time stream processing for e-commerce analytics")
                .env(props.getEnv())
                .build());
        this.settings = settings;
        RemovalPolicy dataRemoval = settings.dataRemoval() == DeploymentSettings.DataRemoval.RETAIN
                ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        this.dataKey = new DataKey(this, "DataKey", new DataKey.Props("alias/" + settings.stackName() + "-data", dataRemoval));
        this.eventStream = new EventStream(this, "Events", new EventStream.Props(settings.stream(), dataKey.key()));
        this.tables = new StateTables(this, "State", new StateTables.Props(settings.pipeline().tablePrefix(), dataKey.key(), dataRemoval));
        this.alerts = new Alerts(this, "Alerts", new Alerts.Props(dataKey.key(), settings.alertEmail(), settings.alertQueue(), dataRemoval));
        // One on-failure queue for both event source mappings: each message names its source (Kinesis or DynamoDB stream).
        this.failedBatches = EncryptedQueue.create(this, "FailedBatches",
                new EncryptedQueue.Props(dataKey.key(), dataRemoval, Optional.empty()));

        Code lambdaCode = Code.fromAsset(lambdaJar.toString());
        this.functions = new PipelineFunctions(this, "Functions", new PipelineFunctions.Props(
                lambdaCode, settings.pipeline(), tables, eventStream.stream(), alerts.topic(),
                settings.kinesisHandlerMemoryMb(), settings.kinesisHandlerTimeout(),
                retention(settings.logRetentionDays()), dataRemoval, settings.stream(), dataKey.key()));
        new KinesisIngestion(this, "Ingestion", new KinesisIngestion.Props(
                eventStream.stream(), functions.kinesisHandler().live(), settings.pipeline().eventSource(), failedBatches));
        new AlertRelay(this, "AlertRelay", new AlertRelay.Props(
                tables.table(Table.ALERTS), functions.alertPublisher().live(), failedBatches));
        new SweeperSchedule(this, "Sweep", new SweeperSchedule.Props(functions.sweeper().live()));
        this.operations = new Operations(this, "Operations", new Operations.Props(
                settings.pipeline().tablePrefix(), settings.stackName() + "-pipeline", functions, eventStream.stream(), tables,
                failedBatches, alerts.queueDeadLetters(),
                dataKey.key(), settings.opsEmail()));

        this.archive = new EventArchive(this, "Archive", new EventArchive.Props(eventStream.stream(), dataKey.key(), lambdaCode,
                dataRemoval, retention(settings.logRetentionDays())));
        operations.watchArchive(archive);

        outputs();
        NagSuppressionsForStack.apply(this);
    }

    private void outputs() {
        output(StackOutputs.STREAM_NAME, eventStream.stream().getStreamName(), "Kinesis stream that `tidemark put` writes to");
        output(StackOutputs.STREAM_ARN, eventStream.stream().getStreamArn(), "ARN of the Kinesis stream");
        output(StackOutputs.ALERTS_TOPIC_ARN, alerts.topic().getTopicArn(), "SNS topic of cart-abandonment alerts (`tidemark alerts tail`)");
        output(StackOutputs.FAILED_BATCHES_QUEUE_URL, failedBatches.getQueueUrl(), "SQS queue of batches that exhausted their retries");
        output(StackOutputs.OPERATIONS_TOPIC_ARN, operations.topic().getTopicArn(), "SNS topic of operational alarms");
        output(StackOutputs.DASHBOARD_NAME, operations.dashboard().getDashboardName(), "CloudWatch dashboard");
        output(StackOutputs.TABLE_PREFIX, settings.pipeline().tablePrefix(), "DynamoDB table name prefix (`tidemark query`)");
        for (Table table : Table.values()) {
            output(StackOutputs.tableName(table), tables.table(table).getTableName(), "DynamoDB table: " + table.purpose());
        }
        output(StackOutputs.ARCHIVE_BUCKET_NAME, archive.bucket().getBucketName(),
                "S3 bucket of the event archive, events/event_date=…/ (`tidemark replay`, `tidemark query cart --as-of`)");
        alerts.queue().ifPresent(queue -> output(StackOutputs.ALERT_QUEUE_URL, queue.getQueueUrl(), "SQS queue subscribed to the alerts topic"));
    }

    private void output(String key, String value, String description) {
        CfnOutput output = CfnOutput.Builder.create(this, "Output" + key).value(value).description(description).build();
        output.overrideLogicalId(key);
    }

    static RetentionDays retention(int days) {
        return Arrays.stream(RetentionDays.values())
                .filter(r -> r != RetentionDays.INFINITE && days == retentionDays(r))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("context " + DeploymentSettings.LOG_RETENTION_DAYS + "=" + days
                        + " is not a CloudWatch Logs retention"));
    }

    private static int retentionDays(RetentionDays r) {
        return switch (r.name()) {
            case "ONE_DAY" -> 1;
            case "THREE_DAYS" -> 3;
            case "FIVE_DAYS" -> 5;
            case "ONE_WEEK" -> 7;
            case "TWO_WEEKS" -> 14;
            case "ONE_MONTH" -> 30;
            case "TWO_MONTHS" -> 60;
            case "THREE_MONTHS" -> 90;
            case "FOUR_MONTHS" -> 120;
            case "FIVE_MONTHS" -> 150;
            case "SIX_MONTHS" -> 180;
            case "ONE_YEAR" -> 365;
            case "THIRTEEN_MONTHS" -> 400;
            case "EIGHTEEN_MONTHS" -> 545;
            case "TWO_YEARS" -> 731;
            case "THREE_YEARS" -> 1096;
            case "FIVE_YEARS" -> 1827;
            case "SIX_YEARS" -> 2192;
            case "SEVEN_YEARS" -> 2557;
            case "EIGHT_YEARS" -> 2922;
            case "NINE_YEARS" -> 3288;
            case "TEN_YEARS" -> 3653;
            default -> -1;
        };
    }

    public DeploymentSettings settings() {
        return settings;
    }

    public PipelineFunctions functions() {
        return functions;
    }

    public StateTables tables() {
        return tables;
    }

    public IConstruct eventStream() {
        return eventStream;
    }

    public Queue failedBatches() {
        return failedBatches;
    }

    public Alerts alerts() {
        return alerts;
    }

    public Operations operations() {
        return operations;
    }

    public EventArchive archive() {
        return archive;
    }
}
