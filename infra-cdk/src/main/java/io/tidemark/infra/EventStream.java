package io.tidemark.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.Objects;

/**
 * The Kinesis data stream that producers ({@code tidemark put}) write events to, partitioned by
 * {@code user_id}. On-demand by default (no shard planning, billed per GB); provisioned with a fixed
 * shard count where traffic is steady enough to make that cheaper. Encrypted with the pipeline's
 * key. The stream holds only records younger than its retention, so it is deleted with the stack:
 * a retained stream would keep billing by the hour.
 */
public final class EventStream extends Construct {

    public record Props(StreamCapacity capacity, IKey key) {
        public Props {
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(key, "key");
        }
    }

    private final Stream stream;

    public EventStream(Construct scope, String id, Props props) {
        super(scope, id);
        Stream.Builder builder = Stream.Builder.create(this, "Stream")
                .encryption(StreamEncryption.KMS)
                .encryptionKey(props.key())
                .retentionPeriod(Duration.hours(props.capacity().retention().toHours()))
                .removalPolicy(RemovalPolicy.DESTROY);
        if (props.capacity().onDemand()) {
            builder.streamMode(StreamMode.ON_DEMAND);
        } else {
            builder.streamMode(StreamMode.PROVISIONED).shardCount(props.capacity().shardCount().getAsInt());
        }
        this.stream = builder.build();
    }

    public IStream stream() {
        return stream;
    }
}
