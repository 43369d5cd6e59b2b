package io.tidemark.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.archive.ArchiveLayout;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.handlers.ArchiveTransformHandler;
import io.tidemark.local.archive.ArchiveWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the deployed Firehose delivery stream does, for endpoints that have none reading the stream
 * (the emulators): each batch read from the stream goes through the archive's transformation
 * Lambda ({@link ArchiveTransformHandler}, invoked with the event Firehose sends and its answer
 * read back through the Lambda runtime's serializer), and the transformed records are delivered
 * per partition key ({@code event_date}) to an {@link ArchiveWriter} — the same objects, in the same
 * layout, as Firehose writes to S3. Plug it into a {@link KinesisEventSource} as an independent
 * consumer of the stream, as Firehose is.
 */
public final class FirehoseDelivery implements BatchInvoker.Invocation<SourceRecord> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestHandler<KinesisFirehoseEvent, ArchiveTransformHandler.Response> transform;
    private final ArchiveWriter writer;
    private final String deliveryStreamArn;
    private final String sourceStreamArn;

    public FirehoseDelivery(RequestHandler<KinesisFirehoseEvent, ArchiveTransformHandler.Response> transform, ArchiveWriter writer,
                            String deliveryStreamArn, String sourceStreamArn) {
        this.transform = transform;
        this.writer = writer;
        this.deliveryStreamArn = deliveryStreamArn;
        this.sourceStreamArn = sourceStreamArn;
    }

    @Override
    public BatchInvoker.Outcome invoke(List<SourceRecord> batch) {
        String invocationId = UUID.randomUUID().toString();
        KinesisFirehoseEvent event = LambdaEvents.firehoseEvent(batch, deliveryStreamArn, sourceStreamArn, "us-east-1", invocationId);
        byte[] answer = LambdaEvents.responseJson(transform.handleRequest(event, new LocalContext("tidemark-archive-transform", 60_000)),
                ArchiveTransformHandler.Response.class);
        Map<String, List<String>> byPartition = new LinkedHashMap<>();
        try {
            JsonNode records = JSON.readTree(answer).path("records");
            if (records.size() != batch.size()) {
                return new BatchInvoker.Outcome.FunctionError(new IllegalStateException(
                        "the transformation returned " + records.size() + " records for " + batch.size()));
            }
            for (JsonNode r : records) {
                if (!"Ok".equals(r.path("result").asText())) {
                    // Firehose would send it to the error prefix; the archive transform never fails a record.
                    return new BatchInvoker.Outcome.FunctionError(new IllegalStateException("record " + r.path("recordId").asText()
                            + " came back " + r.path("result").asText()));
                }
                String partition = r.path("metadata").path("partitionKeys").path(ArchiveLayout.PARTITION_KEY).asText(null);
                if (partition == null) {
                    return new BatchInvoker.Outcome.FunctionError(new IllegalStateException("record " + r.path("recordId").asText()
                            + " has no metadata.partitionKeys." + ArchiveLayout.PARTITION_KEY));
                }
                String text = new String(Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8);
                List<String> lines = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
                text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byPartition.forEach(writer::write);
        return BatchInvoker.Outcome.SUCCESS;
    }
}
