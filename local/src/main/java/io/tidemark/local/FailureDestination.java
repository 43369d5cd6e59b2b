package io.tidemark.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.stream.SourceRecord;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The on-failure destination of the local event source mapping: a record of each discarded
 * batch in the format Lambda sends for Kinesis (metadata only — where the records are, not the
 * records: they stay in the stream until it expires them).
 */
public interface FailureDestination extends BatchInvoker.Discard<SourceRecord> {

    ObjectMapper JSON = new ObjectMapper();

    /** Lambda's on-failure record for a discarded Kinesis batch. */
    static ObjectNode kinesisRecord(List<SourceRecord> batch, BatchInvoker.Condition condition, int invokeCount, String lastError,
                                    String functionArn, String streamArn, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", functionArn);
        request.put("condition", condition.name());
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = root.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", lastError == null ? null : "Unhandled");
        root.put("version", "1.0");
        root.put("timestamp", now.toString());
        ObjectNode info = root.putObject("KinesisBatchInfo");
        SourceRecord first = batch.get(0);
        SourceRecord last = batch.get(batch.size() - 1);
        info.put("shardId", first.shardId());
        info.put("startSequenceNumber", first.sequenceNumber());
        info.put("endSequenceNumber", last.sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", first.arrival().toString());
        info.put("approximateArrivalOfLastRecord", last.arrival().toString());
        info.put("batchSize", batch.size());
        info.put("streamArn", streamArn);
        return root;
    }

    /** Sends each record to an SQS queue, as Lambda does with an SQS on-failure destination. */
    static FailureDestination sqs(SqsClient sqs, String queueUrl, String functionArn, String streamArn, Clock clock) {
        return (batch, condition, invokes, error) -> sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(kinesisRecord(batch, condition, invokes, error, functionArn, streamArn, clock.instant()).toString()));
    }

    /** Keeps the records in memory (for {@code tidemark local} and tests). */
    final class InMemory implements FailureDestination {
        private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
        private final List<SourceRecord> discarded = new CopyOnWriteArrayList<>();

        @Override
        public void discard(List<SourceRecord> batch, BatchInvoker.Condition condition, int invokeCount, String lastError) {
            discarded.addAll(batch);
            records.add(kinesisRecord(batch, condition, invokeCount, lastError, "local", "local", Instant.now()));
        }

        public List<ObjectNode> records() {
            return List.copyOf(records);
        }

        public List<SourceRecord> discarded() {
            return List.copyOf(discarded);
        }
    }
}
