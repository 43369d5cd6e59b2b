package io.tidemark.cli.commands;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.alerts.AlertFormat;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.handlers.AlertSink;
import io.tidemark.handlers.SnsAlertSink;
import io.tidemark.local.FailureDestination;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.local.archive.ArchiveWriter;
import io.tidemark.local.archive.DirectoryArchiveWriter;
import io.tidemark.local.archive.S3ArchiveWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tidemark run}: the deployed topology on this machine against real Kinesis/DynamoDB/SNS
 * endpoints — what Lambda does in AWS, for the Docker-free emulators or LocalStack without Lambda.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the pipeline on this machine against a Kinesis stream and DynamoDB (the emulators, LocalStack, AWS): "
                + "the Kinesis event source mapping feeding the Kinesis handler (settings of PipelineConfig), the sweeper every "
                + "--sweep-interval, and the alerts table's stream feeding the alert publisher (to --topic, or printed).",
                "Runs until Ctrl-C; with --until-idle it stops once the stream is read and every record handled."},
        footer = {"", "Example, on the Docker-free emulators:",
                "  export $(localstack/emulators/start)",
                "  aws --endpoint-url $AWS_ENDPOINT_URL_KINESIS kinesis create-stream --stream-name events --shard-count 2",
                "  tidemark run --stream events --topic arn:aws:sns:us-east-1:123456789012:alerts"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--stream", paramLabel = "NAME", description = "Kinesis stream. Default: the stack's StreamName output.")
    String stream;

    @Option(names = "--topic", paramLabel = "ARN", description = "SNS topic for alerts. Default: the stack's AlertsTopicArn output; "
            + "without one, alerts are printed.")
    String topic;

    @Option(names = "--failure-queue", paramLabel = "URL", description = "SQS queue for batches that exhaust their retries (Lambda's on-failure "
            + "record). Default: the stack's DeadLetterQueueUrl output; without one, such batches are printed.")
    String failureQueue;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Table prefix (default: the stack's TablePrefix output, else 'tidemark').")
    String tablePrefix;

    @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
    String stack;

    @Option(names = "--sweep-interval", defaultValue = "PT1M", description = "How often the sweeper runs (default ${DEFAULT-VALUE}, as the EventBridge rule).")
    Duration sweepInterval;

    @Option(names = "--until-idle", description = "Stop once every shard is read to its tip and nothing new came for --idle-for.")
    boolean untilIdle;

    @Option(names = "--idle-for", defaultValue = "PT3S", description = "With --until-idle: how long the stream must stay quiet (default ${DEFAULT-VALUE}).")
    Duration idleFor;

    @Option(names = "--end-of-input", description = "With --until-idle: then treat the stream as a bounded input (watermark to +∞: "
            + "every window final, every cart timer fires) before stopping.")
    boolean endOfInput;

    @Option(names = "--archive", paramLabel = "s3://BUCKET/PREFIX|DIR", description = "Archive the stream here as the stack's Firehose "
            + "delivery stream does (its transformation Lambda, the event-date layout): for endpoints without Firehose, such as the "
            + "emulators. Default: none (in AWS, Firehose archives).")
    String archive;

    @Option(names = "--handler-log", paramLabel = "FILE", description = "Write the handlers' JSON log lines here (default: warnings and errors on stderr).")
    Path handlerLogFile;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        ToolClients clients = aws.clients();
        StackLookup outputs = new StackLookup(clients, stack);
        String streamName = outputs.resolve(stream, "--stream", StackOutputs.STREAM_NAME);
        String topicArn = outputs.resolveOr(topic, "--topic", StackOutputs.ALERTS_TOPIC_ARN, null, "alerts go to the console");
        String queueUrl = failureQueue != null ? failureQueue : outputs.output(StackOutputs.FAILED_BATCHES_QUEUE_URL).orElse(null);
        String prefix = outputs.resolveOr(tablePrefix, "--table-prefix", StackOutputs.TABLE_PREFIX, "tidemark", "using tables tidemark-*");
        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix);
        PrintStream handlerLog = handlerLogFile == null ? System.err
                : new PrintStream(Files.newOutputStream(handlerLogFile), true, StandardCharsets.UTF_8);
        try (KinesisClient kinesis = clients.kinesis();
             DynamoDbClient dynamo = clients.dynamoDb();
             DynamoDbStreamsClient streams = clients.dynamoDbStreams();
             SnsClient sns = clients.sns();
             SqsClient sqs = clients.sqs()) {
            AlertSink alerts = topicArn != null ? new SnsAlertSink(sns, topicArn)
                    : alert -> System.out.println("ALERT " + AlertFormat.pretty(alert.toJson()));
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(streamName)).streamDescriptionSummary().streamARN();
            FailureDestination failures = queueUrl != null
                    ? FailureDestination.sqs(sqs, queueUrl, "arn:aws:lambda:local:000000000000:function:tidemark-kinesis-handler", streamArn, Clock.systemUTC())
                    : (batch, condition, invokes, error) -> System.err.println("on-failure: " + FailureDestination.kinesisRecord(batch, condition,
                            invokes, error, "local", streamArn, Clock.systemUTC().instant()));
            ArchiveWriter archiveWriter = archiveWriter(clients);
            StreamPipeline pipeline = StreamPipeline.start(new StreamPipeline.Options(kinesis, streamName, dynamo, streams, config, alerts,
                    failures, sweepInterval, Clock.systemUTC(), handlerLog, handlerLogFile != null, archiveWriter));
            System.err.printf("tidemark run: reading %s into tables %s-*, alerts to %s%s%n", streamName, prefix,
                    topicArn == null ? "the console" : topicArn, archiveWriter == null ? "" : ", archive to " + archiveWriter.location());
            try {
                if (untilIdle) {
                    if (!pipeline.kinesisSource().awaitCaughtUp(idleFor, Duration.ofHours(24))) {
                        throw new IllegalStateException("the stream was not caught up within 24 h");
                    }
                    if (pipeline.archiveSource().isPresent() && !pipeline.archiveSource().get().awaitCaughtUp(idleFor, Duration.ofHours(1))) {
                        throw new IllegalStateException("the archive did not catch up with the stream within 1 h");
                    }
                    if (endOfInput) {
                        pipeline.endOfInput();
                    }
                    pipeline.alertSource().awaitIdle(Duration.ofSeconds(60));
                    System.err.printf("tidemark run: %,d records handled, %,d alerts published%n", pipeline.kinesisSource().recordsSettled(),
                            pipeline.alertSource().delivered());
                } else {
                    CountDownLatch stop = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                    stop.await();
                }
            } finally {
                pipeline.close();
            }
        }
        return 0;
    }

    private ArchiveWriter archiveWriter(ToolClients clients) {
        if (archive == null) {
            return null;
        }
        ArchiveLocation location = ArchiveLocation.parse(archive, "--archive");
        if (location instanceof ArchiveLocation.S3Prefix prefix) {
            return new S3ArchiveWriter(clients.s3(), prefix, "tidemark-archive", Clock.systemUTC());
        }
        return new DirectoryArchiveWriter(((ArchiveLocation.LocalPath) location).path(), Clock.systemUTC().instant());
    }

}
