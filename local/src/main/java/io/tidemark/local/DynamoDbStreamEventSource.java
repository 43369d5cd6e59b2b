package io.tidemark.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.EventSourceSettings;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lambda's DynamoDB Streams event source mapping with a filter on INSERT events: reads a table's
 * change stream from its start ({@link ChangeStream}: DynamoDB Streams on an endpoint, or the embedded
 * store's change feed) and invokes the handler with {@link DynamodbEvent}s built as Lambda builds them,
 * with the same failure handling as the Kinesis mapping ({@link BatchInvoker}). This is how the alerts
 * outbox reaches the publisher locally.
 */
public final class DynamoDbStreamEventSource implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final ChangeStream stream;
    private final String streamArn;
    private final EventSourceSettings settings;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    /** Polls started, and the last one that found nothing new. */
    private final AtomicLong passesStarted = new AtomicLong();
    private volatile long lastQuietPass = -1;
    private Thread poller;

    /** On the DynamoDB stream {@code streamArn} of an endpoint. */
    public DynamoDbStreamEventSource(DynamoDbStreamsClient streams, String streamArn, EventSourceSettings settings,
                                     RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Clock clock) {
        this(new DynamoDbStreamsReader(streams, streamArn), streamArn, settings, handler, clock);
    }

    /** On any change stream; {@code streamArn} is what the events name as their source. */
    public DynamoDbStreamEventSource(ChangeStream stream, String streamArn, EventSourceSettings settings,
                                     RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Clock clock) {
        this.stream = stream;
        this.streamArn = streamArn;
        this.settings = settings;
        this.handler = handler;
        this.clock = clock;
    }

    public DynamoDbStreamEventSource start() {
        poller = new Thread(this::run, "dynamodb-stream-" + streamArn.substring(streamArn.lastIndexOf('/') + 1));
        poller.setDaemon(true);
        poller.start();
        return this;
    }

    /** INSERT records handed to the handler so far. */
    public long delivered() {
        return delivered.get();
    }

    public long discarded() {
        return discarded.get();
    }

    /**
     * Waits until a pass over every shard that started after this call found nothing new, so that
     * everything written to the table before the call has been handed to the handler; false on timeout.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstPassAfterNow = passesStarted.get() + 1;
        while (System.nanoTime() < deadline) {
            if (lastQuietPass >= firstPassAfterNow) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (poller != null) {
            poller.interrupt();
            poller.join(5_000);
        }
    }

    private void run() {
        BatchInvoker<Record> invoker = new BatchInvoker<>(settings, this::invoke,
                (batch, condition, invokes, error) -> {
                    discarded.addAndGet(batch.size());
                    System.err.println("alert publisher: " + batch.size() + " stream records discarded (" + condition + "): " + error);
                },
                r -> r.dynamodb().approximateCreationDateTime() == null ? clock.instant() : r.dynamodb().approximateCreationDateTime(),
                clock, Duration.ofMillis(100));
        while (running.get()) {
            try {
                long pass = passesStarted.incrementAndGet();
                List<Record> records = stream.poll(Math.min(1000, settings.batchSize()));
                List<Record> inserts = new ArrayList<>();
                for (Record r : records) {
                    if (r.eventName() == OperationType.INSERT) {
                        inserts.add(r);
                    }
                }
                if (!inserts.isEmpty()) {
                    invoker.process(inserts);
                    delivered.addAndGet(inserts.size());
                }
                if (records.isEmpty()) {
                    lastQuietPass = pass;
                    Thread.sleep(POLL_INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("alert publisher stream poller: " + e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    private BatchInvoker.Outcome invoke(List<Record> batch) {
        DynamodbEvent event = LambdaEvents.dynamodbEvent(batch, streamArn, "us-east-1");
        StreamsEventResponse response = handler.handleRequest(event, new LocalContext("tidemark-alert-publisher", 60_000));
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return BatchInvoker.Outcome.SUCCESS;
        }
        int first = batch.size();
        for (StreamsEventResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).dynamodb().sequenceNumber().equals(f.getItemIdentifier())) {
                    first = Math.min(first, i);
                }
            }
        }
        return first == batch.size() ? new BatchInvoker.Outcome.FunctionError(new IllegalStateException("unknown itemIdentifier"))
                : new BatchInvoker.Outcome.PartialFailure(first);
    }
}
