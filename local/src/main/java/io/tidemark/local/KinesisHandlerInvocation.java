package io.tidemark.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.core.stream.SourceRecord;

import java.time.Duration;
import java.util.List;

/**
 * Invokes a Kinesis handler with one batch the way Lambda does and reads its answer: the
 * {@code batchItemFailures} of a {@link StreamsEventResponse} (when partial batch responses are
 * on) become the index of the first failed record; an empty or unknown item identifier fails the
 * whole batch, as in Lambda.
 */
public final class KinesisHandlerInvocation implements BatchInvoker.Invocation<SourceRecord> {

    private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;
    private final boolean reportBatchItemFailures;
    private final String streamArn;
    private final String region;
    private final String functionName;
    private final Duration timeout;

    public KinesisHandlerInvocation(RequestHandler<KinesisEvent, StreamsEventResponse> handler, boolean reportBatchItemFailures,
                                    String streamArn, String region, String functionName, Duration timeout) {
        this.handler = handler;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.streamArn = streamArn;
        this.region = region;
        this.functionName = functionName;
        this.timeout = timeout;
    }

    @Override
    public BatchInvoker.Outcome invoke(List<SourceRecord> batch) {
        KinesisEvent event = LambdaEvents.kinesisEvent(batch, streamArn, region,
                "arn:aws:iam::000000000000:role/" + functionName);
        StreamsEventResponse response = handler.handleRequest(event, new LocalContext(functionName, timeout.toMillis()));
        if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return BatchInvoker.Outcome.SUCCESS;
        }
        int first = batch.size();
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            int index = indexOf(batch, id);
            if (index < 0) {
                return new BatchInvoker.Outcome.FunctionError(new IllegalStateException(
                        "batchItemFailures names an unknown or empty itemIdentifier '" + id + "': the whole batch is retried"));
            }
            first = Math.min(first, index);
        }
        return new BatchInvoker.Outcome.PartialFailure(first);
    }

    private static int indexOf(List<SourceRecord> batch, String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }
}
