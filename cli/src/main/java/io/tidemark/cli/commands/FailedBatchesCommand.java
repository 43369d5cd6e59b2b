package io.tidemark.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.options.AwsOptions;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.output.ListFormat;
import io.tidemark.config.PipelineConfig;
import io.tidemark.config.StackOutputs;
import io.tidemark.config.TableNames;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.state.StepCounts;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.handlers.BusinessMetrics;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.JsonLog;
import io.tidemark.handlers.KinesisHandler;
import io.tidemark.local.StreamPipeline;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.local.failures.FailedBatch;
import io.tidemark.local.failures.FailedBatchQueue;
import io.tidemark.local.failures.FailedBatchReader;
import io.tidemark.local.failures.Redrive;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tidemark failed-batches}: the batches Lambda gave up on, from the on-failure queue, and taking them in again. */
@Command(name = "failed-batches", mixinStandardHelpOptions = true,
        description = {"The on-failure queue holds where each batch was that Lambda gave up on (after its retries, or too old): "
                + "the shard and sequence range, not the records, which stay in the stream for its retention (24 hours by default)."},
        subcommands = {FailedBatchesCommand.ListBatches.class, FailedBatchesCommand.RedriveBatches.class},
        footer = {"", "Examples:",
                "  tidemark failed-batches list",
                "  tidemark failed-batches redrive --queue https://sqs.us-east-1.amazonaws.com/123456789012/failed-batches"})
public final class FailedBatchesCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: list or redrive");
    }

    /** Where the on-failure queue is (shared by the subcommands). */
    static final class Queue {
        @Option(names = "--queue", paramLabel = "URL", description = "The on-failure SQS queue. Default: the stack's DeadLetterQueueUrl output.")
        String queue;

        @Option(names = "--stack", paramLabel = "NAME", description = "CloudFormation stack to read defaults from (default: Tidemark).")
        String stack;

        @Mixin
        AwsOptions aws;

        StackLookup outputs(ToolClients clients) {
            return new StackLookup(clients, stack);
        }

        String url(StackLookup outputs) {
            return outputs.resolve(queue, "--queue", StackOutputs.FAILED_BATCHES_QUEUE_URL);
        }
    }

    static ObjectNode json(FailedBatch b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("message_id", b.messageId());
        o.put("source", b.source().label());
        o.put("condition", b.condition());
        o.put("shard_id", b.shardId());
        o.put("start_sequence_number", b.startSequence());
        o.put("end_sequence_number", b.endSequence());
        o.put("batch_size", b.batchSize());
        o.put("stream_arn", b.streamArn());
        o.put("failed_at", b.failedAt() == null ? null : b.failedAt().toString());
        o.put("first_arrival", b.firstArrival() == null ? null : b.firstArrival().toString());
        o.put("invoke_count", b.invokeCount());
        return o;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the failed batches in the on-failure queue without taking them out of it.",
            footer = {"", "Examples:",
                    "  tidemark failed-batches list",
                    "  tidemark failed-batches list --queue https://sqs.us-east-1.amazonaws.com/123456789012/failed-batches --output json"})
    static final class ListBatches implements Callable<Integer> {

        @Mixin
        Queue queue;

        @Mixin
        ListFormat format;

        @Override
        public Integer call() {
            ToolClients clients = queue.aws.clients();
            String url = queue.url(queue.outputs(clients));
            FailedBatchQueue.Contents contents;
            try (SqsClient sqs = clients.sqs()) {
                contents = new FailedBatchQueue(sqs, url).list();
            }
            format.header("FAILED AT", "SOURCE", "SHARD", "RECORDS", "CONDITION", "FIRST ARRIVAL", "MESSAGE");
            for (FailedBatch b : contents.batches()) {
                format.add(json(b), String.valueOf(b.failedAt()), b.source().label(), b.shardId(), String.valueOf(b.batchSize()), b.condition(),
                        String.valueOf(b.firstArrival()), b.messageId());
            }
            format.print(System.out);
            contents.unreadable().forEach(u -> System.err.println("message " + u.messageId() + " left in the queue: " + u.reason()));
            if (!format.isJson()) {
                System.err.printf("%d failed batches in %s%s%n", contents.batches().size(), url,
                        contents.batches().isEmpty() ? "" : " (tidemark failed-batches redrive takes them in again)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Takes each failed batch in again: its records are read again from the stream by sequence number and fed "
                    + "through the Kinesis handler, each to the shard that owns its key now (after a reshard, a child), where they are "
                    + "judged as any record — accepted, a duplicate, rejected or late — and counted. The message is deleted only once "
                    + "the batch is committed. A batch taken in before is skipped whole, so running this twice changes nothing.",
                    "Records the stream no longer has (older than its retention) cannot come back: such a batch is reported and its "
                            + "message kept (--discard-expired deletes it)."},
            footer = {"", "Examples:",
                    "  tidemark failed-batches redrive",
                    "  tidemark failed-batches redrive --message-id 0f6c2f0e-4b7e-4a57-a1b1-3f0d5c9f1f5e --json",
                    "", "Exit codes: 0 every batch taken in (now or before); 3 some kept in the queue (the output says why)."})
    static final class RedriveBatches implements Callable<Integer> {

        @Mixin
        Queue queue;

        @Option(names = "--message-id", paramLabel = "ID", description = "Only these messages (as 'list' shows them); default: every one.")
        List<String> messageIds;

        @Option(names = "--stream", paramLabel = "NAME", description = "Read the records from this stream. Default: the one the batch names.")
        String stream;

        @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "The pipeline's tables. Default: the stack's TablePrefix output, else 'tidemark'.")
        String tablePrefix;

        @Option(names = "--watermark-delay", paramLabel = "DURATION", description = "The pipeline's watermark delay (default PT2M, as deployed by default).")
        Duration watermarkDelay;

        @Option(names = "--allowed-lateness", paramLabel = "DURATION", description = "The pipeline's allowed lateness (default PT10M).")
        Duration allowedLateness;

        @Option(names = "--discard-expired", description = "Delete the message of a batch whose records the stream no longer has.")
        boolean discardExpired;

        @Option(names = "--handler-log", paramLabel = "FILE", description = "Write the Kinesis handler's JSON log lines here (default: its warnings and errors on stderr).")
        Path handlerLog;

        @Option(names = "--json", description = "One JSON object per batch on stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ToolClients clients = queue.aws.clients();
            StackLookup outputs = queue.outputs(clients);
            String url = queue.url(outputs);
            String prefix = outputs.resolveOr(tablePrefix, "--table-prefix", StackOutputs.TABLE_PREFIX, "tidemark", "using tables tidemark-*");
            PipelineConfig defaults = PipelineConfig.defaults().withTablePrefix(prefix);
            EventTimeSettings t = defaults.eventTime();
            PipelineConfig config = defaults.withEventTime(new EventTimeSettings(watermarkDelay != null ? watermarkDelay : t.watermarkDelay(),
                    t.idleTimeout(), allowedLateness != null ? allowedLateness : t.allowedLateness(), t.maxAheadOfArrival()));
            PrintStream log = handlerLog == null ? System.err : new PrintStream(Files.newOutputStream(handlerLog), true, StandardCharsets.UTF_8);
            int kept = 0;
            int done = 0;
            try (SqsClient sqs = clients.sqs(); KinesisClient kinesis = clients.kinesis(); DynamoDbClient dynamo = clients.dynamoDb()) {
                FailedBatchQueue failures = new FailedBatchQueue(sqs, url);
                StateStore store = StateStore.create(dynamo, TableNames.forPrefix(prefix));
                JsonLog handlerLogLines = new JsonLog("KinesisHandler", log);
                if (handlerLog == null) {
                    handlerLogLines.quiet();
                }
                KinesisHandler handler = null;
                FailedBatchReader reader = new FailedBatchReader(kinesis);
                // Hidden from other readers while this runs; a batch not done is released at once.
                FailedBatchQueue.Contents contents = failures.take(Duration.ofMinutes(15));
                contents.unreadable().forEach(u -> System.err.println("message " + u.messageId() + " left in the queue: " + u.reason()));
                Set<String> only = messageIds == null ? null : Set.copyOf(messageIds);
                for (FailedBatch batch : contents.batches()) {
                    if (only != null && !only.contains(batch.messageId())) {
                        failures.release(batch);
                        continue;
                    }
                    ObjectNode result = json(batch);
                    String keep = keepReason(batch);
                    FailedBatchReader.Read read = null;
                    if (keep == null) {
                        read = reader.read(batch, stream);
                        if (read.expired() != null) {
                            keep = read.expired();
                            if (discardExpired) {
                                failures.delete(batch);
                                report(result.put("result", "discarded").put("reason", keep), batch, null);
                                done++;
                                continue;
                            }
                        } else if (read.records().size() > batch.batchSize()) {
                            keep = "the stream holds " + read.records().size() + " records between the batch's first and last, but the batch had "
                                    + batch.batchSize() + ": the mapping ran with a parallelization factor above 1, so which of them were in the "
                                    + "batch is not known; redriving them all would judge other keys' records again";
                        }
                    }
                    if (keep != null) {
                        failures.release(batch);
                        report(result.put("result", "kept").put("reason", keep), batch, null);
                        kept++;
                        continue;
                    }
                    if (handler == null) {
                        handler = new KinesisHandler(StreamPipeline.executor(kinesis, stream != null ? stream : batch.streamName(), store, config),
                                new JsonEventDecoder(), Clock.systemUTC(), BusinessMetrics.NONE, handlerLogLines);
                    }
                    Redrive.Outcome outcome;
                    try {
                        outcome = new Redrive(handler, store, handler.executor().processor(), region(batch)).redrive(batch, read.records());
                    } catch (RuntimeException e) {
                        failures.release(batch);
                        report(result.put("result", "kept").put("reason", "the redrive failed: " + e.getMessage()), batch, null);
                        kept++;
                        continue;
                    }
                    failures.delete(batch);
                    report(result.put("result", outcome.committed().isEmpty() ? "already-redriven" : "redriven"), batch, outcome);
                    done++;
                }
            }
            if (!json) {
                System.err.printf("tidemark failed-batches redrive: %d batches done, %d kept in %s%n", done, kept, url);
            }
            return kept == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        }

        /** Why a batch cannot be redriven here, or null. */
        private static String keepReason(FailedBatch batch) {
            if (batch.source() == FailedBatch.Source.ALERTS_STREAM) {
                return "a batch of the alerts table's stream (the alert relay): its alerts are recorded in the alerts table; "
                        + "docs/operations.md says how to publish them again";
            }
            return null;
        }

        private void report(ObjectNode result, FailedBatch batch, Redrive.Outcome outcome) {
            if (outcome != null) {
                StepCounts c = outcome.counts();
                result.put("records", c.accepted() + c.duplicates() + c.rejected() + c.late() + c.skipped());
                result.put("accepted", c.accepted()).put("duplicates", c.duplicates()).put("rejected", c.rejected()).put("late", c.late())
                        .put("already_taken_in", c.skipped());
                outcome.committed().forEach(result.putArray("shards")::add);
            }
            if (json) {
                System.out.println(result);
                return;
            }
            String what = batch.shardId() + " " + batch.startSequence() + ".." + batch.endSequence() + " (message " + batch.messageId() + ")";
            switch (result.get("result").asText()) {
                case "redriven" -> System.out.printf("redriven %s: %d records into %s: %d accepted, %d duplicates, %d rejected, %d late%n", what,
                        result.get("records").asLong(), String.join(", ", outcome.committed()), result.get("accepted").asLong(),
                        result.get("duplicates").asLong(), result.get("rejected").asLong(), result.get("late").asLong());
                case "already-redriven" -> System.out.printf("already redriven %s: nothing changed, message deleted%n", what);
                case "discarded" -> System.out.printf("discarded %s: %s%n", what, result.get("reason").asText());
                default -> System.out.printf("kept %s: %s%n", what, result.get("reason").asText());
            }
        }

        private static String region(FailedBatch batch) {
            String[] parts = batch.streamArn().split(":");
            return parts.length > 3 && !parts[3].isBlank() ? parts[3] : "us-east-1";
        }
    }
}
