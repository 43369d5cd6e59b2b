package io.tidemark.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.archive.ArchiveFormat;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.archive.LineageFormat;
import io.tidemark.aws.AwsClients;
import io.tidemark.config.FunctionEnvironment;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.AlertRowsCodec;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.events.PartitionKeys;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import io.tidemark.testkit.lambda.EmulatedFunction;
import io.tidemark.testkit.lambda.LambdaRuntimePieces;
import io.tidemark.testkit.lambda.TriggerEvents;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every handler run from the deployment jar under AWS Lambda's real runtime (the Runtime Interface
 * Emulator and the Java Runtime Interface Client), each invoked with its trigger's event exactly as
 * the AWS service sends it, against the Docker-free emulators — so a jar that lacks a class the
 * runtime or a handler loads fails here. Runs after {@code package} (failsafe, {@code verify}): the
 * jar is built then. In order: the Kinesis handler takes the traffic batch by batch (its views are
 * checked later, once final); the archiver puts the whole traffic as one batch into moto's S3; the alert publisher relays the alerts table's
 * stream records to SNS (received from an SQS queue subscribed to the topic); the sweeper ticks on
 * EventBridge's schedule, then at the end of input, after which the views equal the reference.
 */
@ExtendWith(EmulatorStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandlersUnderLambdaRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHARD = "shardId-000000000000";
    private final String stream = "events-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final int BATCH = 200;
    /** The sweeper ticks a shard after a minute without a step of its own; an idle shard's watermark then moves with processing time. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "rie" + suffix;
    private LambdaRuntimePieces runtime;
    private Path jar;
    private AwsClients clients;
    private DynamoDbClient dynamo;
    private SnsClient sns;
    private SqsClient sqs;
    private TableNames tables;
    private String topicArn;
    private String queueUrl;
    private Map<String, String> environment;
    private List<String> lines;
    private List<TriggerEvents.KinesisRecord> records;
    private long lastKinesisStepAt;

    @BeforeAll
    void setUp(Endpoints endpoints) {
        runtime = LambdaRuntimePieces.install();
        jar = Path.of(System.getProperty("tidemark.lambdaJar", "target/tidemark-functions-0.1.0-SNAPSHOT-lambda.jar"));
        clients = AwsClients.forEndpoints(endpoints.asEnvironment());
        dynamo = clients.dynamoDb();
        sns = clients.sns();
        sqs = clients.sync(SqsClient.builder(), "SQS").build();
        tables = StateTables.createAll(dynamo, prefix);
        topicArn = sns.createTopic(b -> b.name("alerts-" + suffix)).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName("alerts-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "true")));

        PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix)
                .withEventTime(new EventTimeSettings(EventTimeSettings.defaults().watermarkDelay(), IDLE_TIMEOUT,
                        EventTimeSettings.defaults().allowedLateness()));
        environment = new LinkedHashMap<>(config.toEnvironment());
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
        environment.put("AWS_ENDPOINT_URL_SNS", endpoints.sns().toString());
        environment.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
        environment.put(FunctionEnvironment.ALERTS_TOPIC_ARN, topicArn);
        // The handler learns the stream's shards from kinesis-mock (ListShards), as from Kinesis when deployed.
        try (KinesisClient kinesisClient = clients.sync(KinesisClient.builder(), "KINESIS").build()) {
            kinesisClient.createStream(b -> b.streamName(stream).shardCount(1));
            kinesisClient.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        }
        environment.put("AWS_ENDPOINT_URL_KINESIS", endpoints.kinesis().toString());
        environment.put(FunctionEnvironment.STREAM_NAME, stream);
        environment.put(FunctionEnvironment.POWERTOOLS_SERVICE_NAME, FunctionEnvironment.SERVICE);
        environment.put(FunctionEnvironment.JAVA_TOOL_OPTIONS, FunctionEnvironment.JVM_OPTIONS);

        // Two hours of traffic that ended an hour ago: with duplicates and invalid lines, so the quarantine runs too.
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        GeneratorSettings settings = GeneratorSettings.defaults(18).withUsers(120).withCount(1_500).withFaults(0.01, 0.02, 0.0, 0.01);
        settings = new GeneratorSettings(settings.seed(), settings.users(), settings.count(), start, Duration.ofHours(2), settings.abandonRate(),
                settings.duplicateRate(), settings.orderDuplicateRate(), settings.lateRate(), settings.invalidRate(), settings.maxDelay(),
                settings.delayDistribution(), settings.lateDelayMin(), settings.lateDelayMax());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TrafficGenerator(settings).writeTo(out);
        lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        records = new ArrayList<>();
        Instant arrival = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < lines.size(); i++) {
            byte[] data = lines.get(i).getBytes(StandardCharsets.UTF_8);
            records.add(new TriggerEvents.KinesisRecord(SHARD, String.format("4959%052d", i + 1), PartitionKeys.of(data), data, arrival));
        }
    }

    @AfterAll
    void tearDown() {
        if (dynamo != null) {
            StateTables.deleteAll(dynamo, tables);
            dynamo.close();
            sns.close();
            sqs.close();
        }
    }

    @Test
    @Order(1)
    void theKinesisHandlerCommitsEveryBatchOfTheEventSourceMapping() {
        Path classes = Path.of("target", "lambda-runtime", "kinesis-handler-" + suffix + "-classes.log").toAbsolutePath();
        Path gc = Path.of("target", "lambda-runtime", "kinesis-handler-" + suffix + "-gc.log").toAbsolutePath();
        Map<String, String> logged = Map.of(FunctionEnvironment.JAVA_TOOL_OPTIONS,
                FunctionEnvironment.JVM_OPTIONS + " -Xlog:class+load:file=" + classes + " -Xlog:gc:file=" + gc);
        try (EmulatedFunction kinesis = function("io.tidemark.handlers.KinesisHandler::handleRequest", "kinesis-handler", logged)) {
            int batches = 0;
            for (int from = 0; from < records.size(); from += BATCH) {
                EmulatedFunction.Invocation r = kinesis.invoke(TriggerEvents.kinesis(stream, records.subList(from, Math.min(records.size(), from + BATCH))));
                assertThat(r.json().get("batchItemFailures")).as("batch at record %d: %s", from, r.response()).isEmpty();
                if (batches++ == 0) {
                    assertThat(r.initMs()).as("the first invocation started the JVM").isNotNull().isPositive();
                }
                lastKinesisStepAt = System.currentTimeMillis();
            }
            assertThat(batches).as("batches of %d records", BATCH).isGreaterThan(2);
        }
        Report written = report();
        assertThat(written.counts()).as("accepted, duplicates, rejected (quarantined), late: what the head row counts")
                .isEqualTo(FileReference.of(lines, EventTimeSettings.defaults()).counts());
        assertThat(written.counts().rejected()).isPositive();
        // The cold start's two savings, as the runtime ran them: the event read by the handler itself, not by the runtime
        // client's reflective serialization, and no full collection on the default metaspace threshold.
        assertThat(readLines(classes)).as("classes loaded (%s)", classes).anyMatch(l -> l.contains(" io.tidemark.handlers.KinesisEventJson "))
                .noneMatch(l -> l.contains("com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind."));
        assertThat(readLines(gc)).as("collections (%s)", gc).noneMatch(l -> l.contains("Metadata GC Threshold"));
    }

    private static List<String> readLines(Path file) {
        try {
            return java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(2)
    void theArchiverPutsEachBatchAsOneObjectPerEventDateAndARetryPutsTheSameObjectsBesideTheShardLineage() throws java.io.IOException {
        // All the traffic in one batch, as the archiver's own mapping delivers it (up to 10 000 records).
        String bucket = "archive-" + suffix;
        try (S3Client s3 = clients.sync(S3Client.builder().forcePathStyle(true), "S3").build();
             EmulatedFunction archiver = function("io.tidemark.handlers.ArchiveHandler::handleRequest", "archiver",
                     Map.of(FunctionEnvironment.ARCHIVE_BUCKET, bucket, FunctionEnvironment.ARCHIVE_PREFIX, "tidemark/"))) {
            s3.createBucket(b -> b.bucket(bucket));
            String event = TriggerEvents.kinesis(stream, records);
            JsonNode report = archiver.invoke(event).json();
            List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix("tidemark/events/")).contents().stream().map(S3Object::key)
                    .sorted().toList();
            archiver.invoke(event); // the mapping retries a batch whole
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("tidemark/events/")).contents().stream().map(S3Object::key).sorted()
                    .toList()).as("a retried batch writes the same keys").isEqualTo(keys);

            // The shard's lineage beside the events, as kinesis-mock's ListShards gave it: what a replay without the
            // live state table hands state over with.
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("tidemark/lineage/")).contents()).extracting(S3Object::key)
                    .containsExactly("tidemark/" + ArchiveLayout.lineageObjectKey(SHARD));
            JsonNode lineage = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key("tidemark/" + ArchiveLayout.lineageObjectKey(SHARD)))
                    .asByteArray());
            assertThat(lineage.get(LineageFormat.SHARD_ID).asText()).isEqualTo(SHARD);
            assertThat(lineage.has(LineageFormat.PARENT)).as("a shard the stream was created with").isFalse();
            assertThat(lineage.get(LineageFormat.STARTING_HASH_KEY).asText()).isEqualTo("0");
            assertThat(lineage.get(LineageFormat.ENDING_HASH_KEY).asText()).isEqualTo(HashKeyRange.MAX_HASH_KEY.toString());
            assertThat(lineage.get(LineageFormat.STREAM).asText()).isEqualTo(stream);

            String range = SHARD + "-" + records.get(0).sequenceNumber() + "-" + records.get(records.size() - 1).sequenceNumber() + ".jsonl.gz";
            assertThat(keys).isNotEmpty().allMatch(k -> k.matches("tidemark/events/event_date=(\\d{4}-\\d{2}-\\d{2}|unknown)/" + range));
            assertThat(report.get("records").asInt()).isEqualTo(records.size());
            assertThat(report.get("objects").asInt()).isEqualTo(keys.size());
            List<SourceRecord> archived = new ArrayList<>();
            for (String key : keys) {
                byte[] body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
                String text = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes(),
                        StandardCharsets.UTF_8);
                String date = ArchiveLayout.partitionOf(key).orElseThrow();
                for (String line : text.lines().toList()) {
                    SourceRecord r = ArchiveFormat.decode(line, key);
                    assertThat(ArchiveFormat.eventDate(r.data())).isEqualTo(date);
                    archived.add(r);
                }
            }
            assertThat(archived).hasSameSizeAs(records);
            Map<String, TriggerEvents.KinesisRecord> sent = new LinkedHashMap<>();
            records.forEach(r -> sent.put(r.sequenceNumber(), r));
            for (SourceRecord r : archived) {
                TriggerEvents.KinesisRecord original = sent.remove(r.sequenceNumber());
                assertThat(original).as("sequence number %s archived once", r.sequenceNumber()).isNotNull();
                assertThat(r.shardId()).isEqualTo(SHARD);
                assertThat(r.partitionKey()).isEqualTo(original.partitionKey());
                assertThat(r.data()).isEqualTo(original.data());
                assertThat(r.arrival()).isEqualTo(original.arrival());
            }
        }
    }

    @Test
    @Order(3)
    void theAlertPublisherRelaysEveryAlertOfTheAlertsStreamToTheTopic() {
        List<TriggerEvents.StreamRecord> inserts = alertsStream();
        List<String> expected = new ArrayList<>();
        for (TriggerEvents.StreamRecord r : inserts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) r.newImage().get("data");
            for (CartAbandonment a : AlertRowsCodec.decode(Base64.getDecoder().decode((String) data.get("B")))) {
                expected.add(a.alertId());
            }
        }
        assertThat(expected).as("the Kinesis handler's batches abandoned carts").hasSizeGreaterThan(3);

        try (EmulatedFunction publisher = function("io.tidemark.handlers.AlertPublisherHandler::handleRequest", "alert-publisher")) {
            EmulatedFunction.Invocation r = publisher.invoke(TriggerEvents.dynamoDbStream(tables.of(Table.ALERTS), "2026-01-01T00:00:00.000", inserts));
            assertThat(r.json().get("batchItemFailures")).as(r.response()).isEmpty();
        }
        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < expected.size() && System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                received.add(JSON.valueToTree(parse(m.body())).get("alert_id").asText());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(received).as("alert ids received from SQS").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(4)
    void theSweeperTicksTheIdleShardOnItsScheduleThenEndsTheInputAndTheViewsEqualTheReference() throws InterruptedException {
        ReportReader reader = new ReportReader(StateStore.create(dynamo, tables), ViewSettings.spec());
        long sealedBefore = reader.sealedHorizon();
        // The sweeper leaves a shard that stepped within the last minute to its own batches.
        long wait = lastKinesisStepAt + Duration.ofSeconds(62).toMillis() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        try (EmulatedFunction sweeper = function("io.tidemark.handlers.SweeperHandler::handleRequest", "sweeper")) {
            JsonNode scheduled = sweeper.invoke(TriggerEvents.scheduled("tidemark-sweeper", Instant.now())).json();
            assertThat(scheduled.get("endOfInput").asBoolean()).isFalse();
            assertThat(scheduled.get("shards").asInt()).isEqualTo(1);
            assertThat(scheduled.get("ticked")).as(scheduled.toString()).extracting(JsonNode::asText).containsExactly(SHARD);
            assertThat(reader.sealedHorizon()).as("the tick sealed a later horizon (the idle shard's watermark moved with processing time)")
                    .isGreaterThan(sealedBefore);

            JsonNode end = sweeper.invoke("{\"" + SweeperHandler.END_OF_INPUT + "\": true}").json();
            assertThat(end.get("ticked")).extracting(JsonNode::asText).containsExactly(SHARD);
        }
        Report expected = FileReference.of(lines, EventTimeSettings.defaults());
        Report actual = report();
        assertThat(actual.counts()).isEqualTo(expected.counts());
        assertThat(actual.revenuePerHour()).isEqualTo(expected.revenuePerHour());
        assertThat(actual.activeUsers()).isEqualTo(expected.activeUsers());
        assertThat(actual.sessions()).isEqualTo(expected.sessions());
        assertThat(actual.cartAbandonments()).isEqualTo(expected.cartAbandonments());
    }

    private EmulatedFunction function(String handler, String name) {
        return function(handler, name, Map.of());
    }

    /** With {@code overrides} of the function's environment. */
    private EmulatedFunction function(String handler, String name, Map<String, String> overrides) {
        return EmulatedFunction.builder(runtime, jar, handler).environment(environment).environment(overrides)
                .log(Path.of("target", "lambda-runtime", name + "-" + suffix + ".log")).start();
    }

    private Report report() {
        return new ReportReader(StateStore.create(dynamo, tables), ViewSettings.spec()).read();
    }

    /** The alerts table's stream, every INSERT so far, in DynamoDB's JSON as a stream's event source mapping delivers it. */
    private List<TriggerEvents.StreamRecord> alertsStream() {
        try (DynamoDbStreamsClient streams = clients.sync(DynamoDbStreamsClient.builder(), AwsClients.DYNAMODB).build()) {
            String arn = dynamo.describeTable(b -> b.tableName(tables.of(Table.ALERTS))).table().latestStreamArn();
            List<TriggerEvents.StreamRecord> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                for (int polls = 0; iterator != null && polls < 20; polls++) {
                    String it = iterator;
                    var page = streams.getRecords(b -> b.shardIterator(it).limit(1000));
                    for (var r : page.records()) {
                        if (r.eventName() == OperationType.INSERT && seen.add(r.dynamodb().sequenceNumber())) {
                            out.add(new TriggerEvents.StreamRecord("INSERT", r.dynamodb().sequenceNumber(),
                                    r.dynamodb().approximateCreationDateTime(), dynamoJson(r.dynamodb().keys()),
                                    dynamoJson(r.dynamodb().newImage()), r.dynamodb().sizeBytes()));
                        }
                    }
                    if (page.records().isEmpty()) {
                        break;
                    }
                    iterator = page.nextShardIterator();
                }
            }
            return out;
        }
    }

    /** An item in DynamoDB's JSON ({@code {"S": "…"}}, {@code {"B": "base64"}}), as stream events carry it. */
    private static Map<String, Object> dynamoJson(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, dynamoJson(value)));
        return out;
    }

    private static Map<String, Object> dynamoJson(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case B -> Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case L -> Map.of("L", v.l().stream().map(HandlersUnderLambdaRuntimeIT::dynamoJson).toList());
            case M -> Map.of("M", dynamoJson(v.m()));
            default -> throw new IllegalArgumentException("attribute type " + v.type() + " in an alerts row");
        };
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
