package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.config.EventSourceSettings;
import io.tidemark.config.PipelineConfig;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.events.EventJson;
import io.tidemark.events.EventValidator;
import io.tidemark.events.ValidationResult;
import io.tidemark.events.generator.GeneratedRecord;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.events.generator.TrafficGenerator;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.local.BatchInvoker;
import io.tidemark.local.FailureDestination;
import io.tidemark.local.KinesisEventSource;
import io.tidemark.local.KinesisHandlerInvocation;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.FileReference;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure tooling on the Docker-free emulators, through the CLI as an operator drives it:
 * <ul>
 *   <li>generated traffic with invalid and late lines goes through {@code put} and {@code run}; {@code quarantine
 *       list --json} returns every rejected and late record with its reason; {@code quarantine export} → fix →
 *       {@code put} again brings the fixed records into the views (those still within the allowed lateness; the
 *       others are late, exactly as the reference says);</li>
 *   <li>a batch fails for good in the middle of the stream (the handler reports it failed, as on a DynamoDB
 *       outage, until Lambda gives up and sends it to the on-failure queue), the shard goes on with later records
 *       of the same users, the stream is resharded and more records reach the children; {@code failed-batches
 *       redrive} takes the batch in on the shards that own its keys now, a second redrive of the same message
 *       changes nothing, and the views equal the reference of every record once, in the order they were applied;</li>
 *   <li>a message naming records the stream no longer has is kept, and says so.</li>
 * </ul>
 * One shard before the reshard, so that the reference's single-stream watermark is the pipeline's: whether a
 * record is late is then decided alike.
 */
@ExtendWith(EmulatorStack.class)
class FailureToolingEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void quarantineListsEveryRejectedAndLateRecordAndExportedRecordsFixedAndPutAgainReachTheViews(Endpoints endpoints) throws Exception {
        Path generatedFile = dir.resolve("generated.jsonl");
        Cli.Result generated = Cli.run("generate", "--seed", "23", "--count", "10000", "--users", "1000", "--invalid-rate", "0.01",
                "--late-rate", "0.005", "--late-delay-min", "PT15M", "--late-delay-max", "PT25M", "--out", generatedFile.toString());
        assertThat(generated.exit()).as(generated.err()).isZero();
        List<String> allLines = Files.readAllLines(generatedFile, StandardCharsets.UTF_8);
        List<GeneratedRecord> allRecords = new TrafficGenerator(new GeneratorSettings(23, 1000, 10_000, GeneratorSettings.DEFAULT_START, null, 0.3,
                0, 0, 0.005, 0.01, Duration.ofMinutes(2), GeneratorSettings.DelayDistribution.UNIFORM, Duration.ofMinutes(15), Duration.ofMinutes(25)))
                .generate();
        assertThat(allRecords).as("the generator, as the CLI ran it").hasSameSizeAs(allLines);
        // The first 3 000 lines (head -n 3000): the traffic is dense at their end, so some fixed records fall within the allowed
        // lateness when they are sent again; late events (15–25 min behind) arrive within them.
        List<String> lines = allLines.subList(0, 3000);
        List<GeneratedRecord> records = allRecords.subList(0, 3000);
        Path events = dir.resolve("events.jsonl");
        Files.write(events, lines, StandardCharsets.UTF_8);
        List<String> invalid = lines.stream().filter(l -> new EventValidator().validate(l) instanceof ValidationResult.Invalid).toList();
        List<String> late = lateLines(lines);
        assertThat(invalid).hasSizeGreaterThan(10);
        assertThat(late).hasSizeGreaterThan(3);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "quarantine-" + suffix;
        String prefix = "q" + suffix;
        try (KinesisClient kinesis = clients(endpoints).kinesis()) {
            createStream(kinesis, stream, 1);
        }
        // Requests in flight together: put keeps each late line behind what made it late, so the single-stream reference's
        // late lines are the pipeline's.
        Cli.Result put = Cli.run("put", events.toString(), "--stream", stream, "--no-validate", "--concurrency", "4", "--json");
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(JSON.readTree(put.out()).get("sent").asLong()).isEqualTo(lines.size());
        Cli.Result run = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("records_handled").asLong()).isEqualTo(lines.size());

        Cli.Result list = Cli.run("quarantine", "list", "--table-prefix", prefix, "--json");
        assertThat(list.exit()).as(list.err()).isZero();
        List<JsonNode> quarantined = new ArrayList<>();
        for (String line : list.out().lines().toList()) {
            quarantined.add(JSON.readTree(line));
        }
        assertThat(quarantined).allSatisfy(q -> {
            assertThat(q.get("reasons")).as("reasons of %s", q).isNotEmpty();
            assertThat(q.get("shard_id").asText()).isEqualTo("shardId-000000000000");
            assertThat(Instant.parse(q.get("arrival").asText())).isAfter(Instant.now().minus(Duration.ofHours(1)));
        });
        assertThat(data(quarantined, "rejected")).containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(data(quarantined, "late")).containsExactlyInAnyOrderElementsOf(late);
        assertThat(quarantined.stream().filter(q -> q.get("kind").asText().equals("late")))
                .allSatisfy(q -> assertThat(q.get("reasons").get(0).asText()).contains("before the lateness horizon"));

        JsonNode one = quarantined.get(0);
        Cli.Result show = Cli.run("quarantine", "show", one.get("shard_id").asText(), one.get("sequence_number").asText(), "--table-prefix", prefix);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains(one.get("reasons").get(0).asText()).contains(one.get("data").asText());
        Cli.Result byReason = Cli.run("quarantine", "list", "--table-prefix", prefix, "--kind", "rejected", "--reason", "AMOUNT", "--output", "text");
        assertThat(byReason.out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l.toLowerCase()).contains("amount"));

        Path exported = dir.resolve("rejected.jsonl");
        Cli.Result export = Cli.run("quarantine", "export", "--table-prefix", prefix, "--out", exported.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        List<String> toFix = Files.readAllLines(exported, StandardCharsets.UTF_8);
        assertThat(toFix).containsExactlyInAnyOrderElementsOf(invalid);

        // The fix: each record as its producer meant it — the event it was corrupted from, under the corrupted line's own event id
        // (the generator gives a corrupted line a new id: sent again with the original's id it would be a duplicate). A line too
        // broken to show its event id is left out, as an operator would leave it.
        Map<String, String> meant = new HashMap<>();
        Pattern eventId = Pattern.compile("\"event_id\":\"([^\"]+)\"");
        for (GeneratedRecord r : records) {
            Matcher id = r.kind() == GeneratedRecord.Kind.INVALID ? eventId.matcher(r.invalidLine()) : null;
            if (id != null && id.find()) {
                ObjectNode event = (ObjectNode) JSON.readTree(EventJson.toJson(r.event()));
                meant.put(r.invalidLine(), event.put("event_id", id.group(1)).toString());
            }
        }
        List<String> fixed = toFix.stream().map(meant::get).filter(Objects::nonNull).toList();
        assertThat(fixed).as("records that could be fixed").hasSizeGreaterThan(toFix.size() / 2);
        Path fixedFile = dir.resolve("fixed.jsonl");
        Files.write(fixedFile, fixed, StandardCharsets.UTF_8);
        Cli.Result again = Cli.run("put", fixedFile.toString(), "--stream", stream, "--concurrency", "1", "--json");
        assertThat(again.exit()).as(again.err()).isZero();
        Cli.Result rerun = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle", "--end-of-input");
        assertThat(rerun.exit()).as(rerun.err()).isZero();

        Report actual = ReportJson.read(Cli.run("query", "all", "--json", "--table-prefix", prefix).out());
        List<String> all = new ArrayList<>(lines);
        all.addAll(fixed);
        Report expected = FileReference.of(all, EventTimeSettings.defaults());
        Report before = FileReference.of(lines, EventTimeSettings.defaults());
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.counts().accepted() - before.counts().accepted()).as("fixed records that came into the views").isPositive();
        assertThat(actual.counts().rejected()).isEqualTo(invalid.size());
    }

    @Test
    void aBatchLambdaGaveUpOnIsRedrivenTwiceIntoTheShardsThatOwnItsKeysAfterAReshard(Endpoints endpoints) throws Exception {
        // The first 1 500 lines of a day's traffic: dense at their end, so the failed batch can sit near it and its records are
        // still within the allowed lateness when they are redriven after everything else.
        List<GeneratedRecord> generated = new TrafficGenerator(GeneratorSettings.defaults(31).withUsers(1000).withCount(10_000)
                .withFaults(0.01, 0.02, 0, 0.01)).generate().subList(0, 1500);
        List<String> lines = generated.stream().map(r -> r.kind() == GeneratedRecord.Kind.INVALID ? r.invalidLine() : EventJson.toJson(r.event()))
                .toList();
        int n = lines.size();
        int beforeReshard = n - 60;
        int target = failingLine(generated, beforeReshard);
        String targetId = generated.get(target).event().eventId();

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "redrive-" + suffix;
        String prefix = "r" + suffix;
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        Files.write(first, lines.subList(0, beforeReshard), StandardCharsets.UTF_8);
        Files.write(second, lines.subList(beforeReshard, n), StandardCharsets.UTF_8);

        ToolClients clients = clients(endpoints);
        try (KinesisClient kinesis = clients.kinesis(); DynamoDbClient dynamo = clients.dynamoDb(); SqsClient sqs = clients.sqs()) {
            createStream(kinesis, stream, 1);
            String queue = sqs.createQueue(b -> b.queueName("failed-" + suffix)).queueUrl();
            assertThat(Cli.run("put", first.toString(), "--stream", stream, "--no-validate", "--concurrency", "1").exit()).isZero();

            // The deployed topology with one fault: while a batch holds the target record, the handler reports it failed from its
            // first record (what it answers when DynamoDB is down), so Lambda retries it and then gives up on it.
            PipelineConfig config = PipelineConfig.defaults().withTablePrefix(prefix);
            EventSourceSettings e = config.eventSource();
            EventSourceSettings small = new EventSourceSettings(50, e.maximumBatchingWindow(), e.startingPosition(), e.reportBatchItemFailures(),
                    e.bisectBatchOnFunctionError(), 2, e.maximumRecordAge(), e.parallelizationFactor());
            StateStore store = StateStore.create(dynamo, StateTables.createAll(dynamo, prefix));
            KinesisHandler handler = new KinesisHandler(StreamPipeline.executor(kinesis, stream, store, config), new JsonEventDecoder(),
                    Clock.systemUTC(), BusinessMetrics.NONE, new JsonLog("KinesisHandler", new PrintStream(new ByteArrayOutputStream())).quiet());
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            KinesisHandlerInvocation invocation = new KinesisHandlerInvocation(handler, true, streamArn, "us-east-1", "tidemark-kinesis-handler",
                    Duration.ofMinutes(1));
            BatchInvoker.Invocation<SourceRecord> faulty = batch -> batch.stream().anyMatch(r -> new String(r.data(), StandardCharsets.UTF_8)
                    .contains(targetId)) ? new BatchInvoker.Outcome.PartialFailure(0) : invocation.invoke(batch);
            List<List<SourceRecord>> discarded = new CopyOnWriteArrayList<>();
            List<String> bodies = new CopyOnWriteArrayList<>();
            // Lambda's on-failure record, sent to the queue as an SQS on-failure destination does.
            FailureDestination toQueue = (batch, condition, invokes, error) -> {
                String body = FailureDestination.kinesisRecord(batch, condition, invokes, error, "arn:aws:lambda:us-east-1:000000000000:function:tidemark",
                        streamArn, Instant.now()).toString();
                discarded.add(List.copyOf(batch));
                bodies.add(body);
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
            };
            KinesisEventSource mapping = new KinesisEventSource(kinesis, stream, small, faulty, toQueue, Clock.systemUTC()).start();
            JsonNode message;
            try {
                assertThat(mapping.awaitCaughtUp(Duration.ofSeconds(3), Duration.ofMinutes(3))).isTrue();
                assertThat(discarded).as("Lambda gave up on one batch").hasSize(1);

                Cli.Result listed = Cli.run("failed-batches", "list", "--queue", queue, "--json");
                assertThat(listed.exit()).as(listed.err()).isZero();
                message = JSON.readTree(listed.out().lines().findFirst().orElseThrow());
                assertThat(message.get("shard_id").asText()).isEqualTo("shardId-000000000000");
                assertThat(message.get("batch_size").asInt()).isEqualTo(discarded.get(0).size());

                kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
                awaitActive(kinesis, stream);
                assertThat(Cli.run("put", second.toString(), "--stream", stream, "--no-validate", "--concurrency", "1").exit()).isZero();
                assertThat(mapping.awaitCaughtUp(Duration.ofSeconds(5), Duration.ofMinutes(3))).isTrue();
            } finally {
                mapping.close();
            }
            assertThat(kinesis.listShards(b -> b.streamName(stream)).shards()).hasSize(3);

            Cli.Result redriven = Cli.run("failed-batches", "redrive", "--queue", queue, "--table-prefix", prefix, "--json");
            assertThat(redriven.exit()).as(redriven.err()).isZero();
            JsonNode result = JSON.readTree(redriven.out().lines().findFirst().orElseThrow());
            List<SourceRecord> failed = discarded.get(0);
            assertThat(result.get("result").asText()).isEqualTo("redriven");
            assertThat(result.get("records").asLong()).isEqualTo(failed.size());
            assertThat(result.get("accepted").asLong() + result.get("duplicates").asLong() + result.get("rejected").asLong()
                    + result.get("late").asLong()).as("every record judged and counted, none skipped").isEqualTo(failed.size());
            assertThat(result.get("shards")).as("the shard ended: its children own the keys now").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.asText()).isNotEqualTo("shardId-000000000000"));
            assertThat(Cli.run("failed-batches", "list", "--queue", queue, "--json").out()).as("the message is gone").isBlank();

            // SQS delivers at least once: the same message again (or a redrive whose delete was lost) changes nothing.
            Report once = ReportJson.read(Cli.run("query", "all", "--json", "--table-prefix", prefix).out());
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(bodies.get(0)));
            Cli.Result twice = Cli.run("failed-batches", "redrive", "--queue", queue, "--table-prefix", prefix, "--json");
            assertThat(twice.exit()).as(twice.err()).isZero();
            JsonNode again = JSON.readTree(twice.out().lines().findFirst().orElseThrow());
            assertThat(again.get("result").asText()).isEqualTo("already-redriven");
            assertThat(again.get("already_taken_in").asLong()).isEqualTo(failed.size());
            assertThat(ReportJson.read(Cli.run("query", "all", "--json", "--table-prefix", prefix).out())).isEqualTo(once);

            // A fresh consumer reads the whole stream again, then the input ends.
            Cli.Result end = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle", "--end-of-input");
            assertThat(end.exit()).as(end.err()).isZero();
            Report actual = ReportJson.read(Cli.run("query", "all", "--json", "--table-prefix", prefix).out());

            List<String> applied = appliedOrder(lines, beforeReshard, failed, kinesis, stream);
            Report expected = FileReference.of(applied, EventTimeSettings.defaults());
            assertThat(expected.counts().late()).as("the redriven records are within the allowed lateness").isZero();
            assertThat(actual).isEqualTo(expected);

            // A message whose records the stream no longer has is kept, and says why.
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(bodies.get(0).replace(message.get("start_sequence_number").asText(),
                    "49000000000000000000000000000000000000000000000000000001")));
            Cli.Result expired = Cli.run("failed-batches", "redrive", "--queue", queue, "--table-prefix", prefix);
            assertThat(expired.exit()).isEqualTo(ExitCodes.PARTIAL);
            assertThat(expired.out()).contains("kept").contains("no longer has").contains("retention");
            assertThat(Cli.run("failed-batches", "list", "--queue", queue, "--output", "text").out().lines()).hasSize(1);
        }
    }

    private static List<String> data(List<JsonNode> quarantined, String kind) {
        return quarantined.stream().filter(q -> q.get("kind").asText().equals(kind)).map(q -> q.get("data").asText()).toList();
    }

    /** The lines the reference's single-stream watermark finds late. */
    private static List<String> lateLines(List<String> lines) {
        EventValidator validator = new EventValidator();
        List<StreamRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (validator.validate(lines.get(i)) instanceof ValidationResult.Valid v) {
                records.add(StreamRecord.valid(String.format("%020d", i), v.event().userId(), 0, v.event()));
            }
        }
        Set<String> late = ReferencePipeline.lateOnOneStream(records, Duration.ofMinutes(2), Duration.ofMinutes(10));
        List<String> out = new ArrayList<>();
        late.forEach(seq -> out.add(lines.get(Integer.parseInt(seq))));
        return out;
    }

    /**
     * A valid line whose user has later lines before the reshard, near enough the end that every record of its
     * batch (at most 50 lines around it) is within the allowed lateness when redriven after the last line.
     */
    private static int failingLine(List<GeneratedRecord> generated, int beforeReshard) {
        long end = generated.stream().filter(GeneratedRecord::isValid).mapToLong(r -> r.event().eventTimeMillis()).max().orElseThrow();
        for (int i = beforeReshard - 120; i > 200; i--) {
            GeneratedRecord r = generated.get(i);
            if (r.kind() != GeneratedRecord.Kind.VALID) {
                continue;
            }
            String user = r.event().userId();
            boolean laterOfSameUser = generated.subList(i + 1, beforeReshard).stream().anyMatch(x -> x.isValid() && x.event().userId().equals(user));
            long earliest = generated.subList(i - 50, i + 50).stream().filter(GeneratedRecord::isValid).mapToLong(x -> x.event().eventTimeMillis())
                    .min().orElseThrow();
            if (laterOfSameUser && end - earliest < Duration.ofMinutes(8).toMillis()) {
                return i;
            }
        }
        throw new AssertionError("no line fits: generate more traffic");
    }

    /** The lines in the order the pipeline applied them: the failed batch's after everything else. */
    private static List<String> appliedOrder(List<String> lines, int beforeReshard, List<SourceRecord> failed, KinesisClient kinesis, String stream) {
        List<String> parent = new ArrayList<>();
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (iterator != null) {
            String current = iterator;
            var page = kinesis.getRecords(b -> b.shardIterator(current));
            page.records().stream().map(Record::sequenceNumber).forEach(parent::add);
            iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        assertThat(parent).hasSize(beforeReshard);
        int from = parent.indexOf(failed.get(0).sequenceNumber());
        int to = parent.indexOf(failed.get(failed.size() - 1).sequenceNumber());
        assertThat(to - from + 1).isEqualTo(failed.size());
        List<String> applied = new ArrayList<>(lines.subList(0, from));
        applied.addAll(lines.subList(to + 1, lines.size()));
        applied.addAll(lines.subList(from, to + 1));
        return applied;
    }

    private static ToolClients clients(Endpoints endpoints) {
        return ToolClients.forEndpoints(endpoints.asEnvironment());
    }

    private static void createStream(KinesisClient kinesis, String stream, int shards) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stream " + stream + " did not become ACTIVE after the reshard");
    }
}
