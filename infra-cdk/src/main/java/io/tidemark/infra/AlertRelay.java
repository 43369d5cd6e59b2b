package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outbox relay: the alerts table's stream feeds the alert publisher. Only INSERT records pass
 * the filter (an alerts row is written once; TTL deletions and other changes are not alerts), read from
 * the oldest record so that none is skipped, with partial batch responses and bisection so that one
 * failing publish does not hold the others back.
 */
public final class AlertRelay extends Construct {

    /**
     * Stream records (alerts rows: one step's alerts each, ~10 at batch size 500) per invocation; the
     * publisher sends them 10 per PublishBatch call, so a batch is about this many SNS calls.
     */
    static final int BATCH_SIZE = 100;
    /** Retries before a batch is reported to the on-failure queue; the alert stays in the alerts table. */
    static final int RETRY_ATTEMPTS = 10;

    public record Props(ITable alertsTable, IFunction publisher, IQueue onFailure) {
        public Props {
            Objects.requireNonNull(alertsTable, "alertsTable");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(onFailure, "onFailure");
        }
    }

    public AlertRelay(Construct scope, String id, Props props) {
        super(scope, id);
        props.publisher().addEventSource(DynamoEventSource.Builder.create(props.alertsTable())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(BATCH_SIZE)
                .reportBatchItemFailures(true)
                .bisectBatchOnError(true)
                .retryAttempts(RETRY_ATTEMPTS)
                // DynamoDB streams keep records for 24 hours.
                .maxRecordAge(Duration.hours(24))
                .filters(List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT")))))
                .onFailure(new SqsDlq(props.onFailure()))
                .build());
    }
}
