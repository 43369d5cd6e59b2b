package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.FunctionEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Relays the alerts outbox to SNS: for each INSERT in the alerts table's stream (an alerts row: one
 * step's alerts), publishes every alert of the new image as an {@link AlertMessage}, up to 10 per
 * SNS call ({@link AlertSink#publishAll}). At least once — a retried batch publishes again, with the
 * same {@code alert_id}s. If any alert of a record could not be published the record is reported in
 * {@code batchItemFailures} and the rest of the batch is left for the retry, which starts there
 * (order is kept; the record's alerts that did go out go out again).
 */
public final class AlertPublisherHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AlertSink sink;
    private final BusinessMetrics metrics;
    private final JsonLog log;

    /** For Lambda: SNS topic from {@code TIDEMARK_ALERTS_TOPIC_ARN}. */
    public AlertPublisherHandler() {
        this(new SnsAlertSink(LambdaRuntime.sns(), LambdaRuntime.required(FunctionEnvironment.ALERTS_TOPIC_ARN)), LambdaRuntime.metrics(),
                JsonLog.stdout("AlertPublisherHandler"));
    }

    /** For the local runner and tests: any sink ({@code AlertSink.printingTo(System.out)}, SNS, a list). */
    public AlertPublisherHandler(AlertSink sink) {
        this(sink, BusinessMetrics.NONE, JsonLog.stdout("AlertPublisherHandler"));
    }

    public AlertPublisherHandler(AlertSink sink, BusinessMetrics metrics, JsonLog log) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return log.withInvocation(context, () -> publish(event));
    }

    private StreamsEventResponse publish(DynamodbEvent event) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        int published = 0;
        if (event != null && event.getRecords() != null) {
            for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
                if (!"INSERT".equals(r.getEventName()) || r.getDynamodb() == null || r.getDynamodb().getNewImage() == null) {
                    continue;
                }
                try {
                    List<AlertMessage> alerts = AlertMessage.fromImage(r.getDynamodb().getNewImage());
                    sink.publishAll(alerts);
                    published += alerts.size();
                    log.info("alerts published", "alerts", alerts.size(), "sequenceNumber", r.getDynamodb().getSequenceNumber(),
                            "alert_ids", alerts.stream().limit(20).map(AlertMessage::alertId).toList()); // the first 20
                } catch (RuntimeException e) {
                    log.error("publishing failed; the rest of the batch is retried from this record", e,
                            "sequenceNumber", r.getDynamodb().getSequenceNumber());
                    failures.add(StreamsEventResponse.BatchItemFailure.builder()
                            .withItemIdentifier(r.getDynamodb().getSequenceNumber()).build());
                    break;
                }
            }
        }
        if (published > 0) {
            metrics.alertsPublished(published);
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
