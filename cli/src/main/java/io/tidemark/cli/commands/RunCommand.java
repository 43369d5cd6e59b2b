package io.tidemark.cli.commands;

import io.tidemark.local.aws.ToolClients;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.alerts.AlertFormat;
import io.tidemark.cli.alerts.CountingAlertSink;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.handlers.SnsAlertSink;
import io.tidemark.local.FailureDestination;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.archive.ArchiveLocation;
import io.tidemark.archive.ArchiveStore;
import io.tidemark.aws.S3ObjectUpload;
import io.tidemark.local.archive.DirectoryArchiveStore;
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
import java.util.concurrent.atomic.AtomicLong;

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

    @Option(names = "--sweep-interval", paramLabel = "DURATION", defaultValue = "PT1M", description = "How often the sweeper runs (default ${DEFAULT-VALUE}, as the EventBridge rule).")
    Duration sweepInterval;

    @Option(names = "--until-idle", description = "Stop once every shard is read to its tip and nothing new came for --idle-for.")
    boolean untilIdle;

    @Option(names = "--idle-for", paramLabel = "DURATION", defaultValue = "PT3S", description = "With --until-idle: how long the stream must stay quiet (default ${DEFAULT-VALUE}).")
    Duration idleFor;

    @Option(names = "--end-of-input", description = "With --until-idle: then treat the stream as a bounded input (watermark to +∞: "
            + "every window final, every cart timer fires) before stopping.")
    boolean endOfInput;

    @Option(names = "--archive", paramLabel = "s3://BUCKET/PREFIX|DIR", description = "Archive the stream here as the stack's archiver "
            + "function does (its own consumer of the stream, one object per batch and event date): for endpoints where the stack is "
            + "not deployed, such as the emulators. Default: none (in AWS, the archiver function archives).")
    String archive;

    @Option(names = "--handler-log", paramLabel = "FILE", description = "Write the handlers' JSON log lines here (default: warnings and errors on stderr).")
    Path handlerLogFile;

    @Option(names = "--json", description = "With --until-idle: the summary as one JSON object on stdout.")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
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
            CountingAlertSink alerts = new CountingAlertSink(topicArn != null ? new SnsAlertSink(sns, topicArn)
                    : alert -> (json ? System.err : System.out).println("ALERT " + AlertFormat.pretty(alert.toJson())));
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(streamName)).streamDescriptionSummary().streamARN();
            AtomicLong failedBatches = new AtomicLong();
            AtomicLong failedRecords = new AtomicLong();
            FailureDestination destination = queueUrl != null
                    ? FailureDestination.sqs(sqs, queueUrl, "arn:aws:lambda:local:000000000000:function:tidemark-kinesis-handler", streamArn, Clock.systemUTC())
                    : (batch, condition, invokes, error) -> System.err.println("on-failure: " + FailureDestination.kinesisRecord(batch, condition,
                            invokes, error, "local", streamArn, Clock.systemUTC().instant()));
            FailureDestination failures = (batch, condition, invokes, error) -> {
                destination.discard(batch, condition, invokes, error);
                failedBatches.incrementAndGet();
                failedRecords.addAndGet(batch.size());
            };
            ArchiveStore archiveStore = archiveStore(clients);
            StreamPipeline pipeline = StreamPipeline.start(new StreamPipeline.Options(kinesis, streamName, dynamo, streams, config, alerts,
                    failures, sweepInterval, Clock.systemUTC(), handlerLog, handlerLogFile != null, archiveStore));
            System.err.printf("tidemark run: reading %s into tables %s-*, alerts to %s%s%n", streamName, prefix,
                    topicArn == null ? "the console" : topicArn, archiveStore == null ? "" : ", archive to " + archiveStore.location());
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
                    summary(streamName, prefix, topicArn, queueUrl, pipeline, alerts, failedBatches.get(), failedRecords.get(),
                            (System.nanoTime() - began) / 1e9);
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

    /** What this run did, each number saying what it counts. */
    private void summary(String stream, String prefix, String topic, String queue, StreamPipeline pipeline, CountingAlertSink alerts,
                         long failedBatches, long failedRecords, double seconds) {
        long read = pipeline.kinesisSource().recordsRead();
        long handled = pipeline.kinesisSource().recordsSettled();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("stream", stream).put("table_prefix", prefix).put("records_read", read).put("records_handled", handled)
                    .put("failed_batches", failedBatches).put("failed_records", failedRecords).put("failure_queue", queue)
                    .put("alert_messages_published", alerts.messages()).put("alerts_published", alerts.distinctAlerts())
                    .put("alerts_topic", topic).put("end_of_input", endOfInput).put("seconds", Math.round(seconds * 1000) / 1000.0);
            System.out.println(o);
            return;
        }
        System.err.printf("tidemark run: %,d records read from %s and handled (this run, re-deliveries of applied records included) in %.1f s; "
                        + "%,d alerts published to %s (%,d messages: SNS delivers at least once); %,d batches (%,d records) to the on-failure "
                        + "destination%s%n", handled, stream, seconds, alerts.distinctAlerts(), topic == null ? "the console" : topic,
                alerts.messages(), failedBatches, failedRecords, failedBatches > 0 ? " (tidemark failed-batches list)" : "");
    }

    private ArchiveStore archiveStore(ToolClients clients) {
        if (archive == null) {
            return null;
        }
        ArchiveLocation location = ArchiveLocation.parse(archive, "--archive");
        if (location instanceof ArchiveLocation.S3Prefix at) {
            return new S3ObjectUpload(clients.aws(), at.bucket(), at.prefix());
        }
        return new DirectoryArchiveStore(((ArchiveLocation.LocalPath) location).path());
    }

}
