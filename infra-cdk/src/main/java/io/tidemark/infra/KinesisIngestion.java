package io.tidemark.infra;

import io.tidemark.config.EventSourceSettings;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.Objects;

/**
 * Lambda's event source mapping from the stream to the Kinesis handler, configured entirely from
 * {@link EventSourceSettings} — the same object the local event-source runner obeys. Batches that
 * exhaust their retries or grow older than the maximum record age are reported to the on-failure
 * queue (shard and sequence-number range; the records stay in the stream for its retention).
 */
public final class KinesisIngestion extends Construct {

    public record Props(IStream stream, IFunction handler, EventSourceSettings settings, IQueue onFailure) {
        public Props {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(onFailure, "onFailure");
        }
    }

    public KinesisIngestion(Construct scope, String id, Props props) {
        super(scope, id);
        EventSourceSettings s = props.settings();
        props.handler().addEventSource(KinesisEventSource.Builder.create(props.stream())
                .batchSize(s.batchSize())
                .maxBatchingWindow(Duration.seconds(s.maximumBatchingWindow().toSeconds()))
                .startingPosition(startingPosition(s.startingPosition()))
                .reportBatchItemFailures(s.reportBatchItemFailures())
                .bisectBatchOnError(s.bisectBatchOnFunctionError())
                .retryAttempts(s.maximumRetryAttempts())
                .maxRecordAge(Duration.seconds(s.maximumRecordAge().toSeconds()))
                .parallelizationFactor(s.parallelizationFactor())
                .onFailure(new SqsDlq(props.onFailure()))
                .build());
    }

    static StartingPosition startingPosition(EventSourceSettings.StartingPosition position) {
        return switch (position) {
            case TRIM_HORIZON -> StartingPosition.TRIM_HORIZON;
            case LATEST -> StartingPosition.LATEST;
        };
    }
}
