package io.tidemark.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.tidemark.core.stream.SourceRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Invokes the archiver ({@code ArchiveHandler}) with one batch of its own event source mapping, as
 * Lambda does: the Kinesis event document through the Lambda runtime's serializer. A thrown error
 * fails the whole batch (the archiver reports no partial failures), and the mapping retries it.
 */
public final class ArchiverInvocation implements BatchInvoker.Invocation<SourceRecord> {

    private final RequestHandler<KinesisEvent, Map<String, Object>> archiver;
    private final String streamArn;
    private final String functionName;
    private final Duration timeout;

    public ArchiverInvocation(RequestHandler<KinesisEvent, Map<String, Object>> archiver, String streamArn, String functionName,
                              Duration timeout) {
        this.archiver = archiver;
        this.streamArn = streamArn;
        this.functionName = functionName;
        this.timeout = timeout;
    }

    @Override
    public BatchInvoker.Outcome invoke(List<SourceRecord> batch) {
        KinesisEvent event = LambdaEvents.kinesisEvent(batch, streamArn, "us-east-1", "arn:aws:iam::000000000000:role/" + functionName);
        archiver.handleRequest(event, new LocalContext(functionName, timeout.toMillis()));
        return BatchInvoker.Outcome.SUCCESS;
    }
}
