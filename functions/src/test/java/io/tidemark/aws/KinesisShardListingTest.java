package io.tidemark.aws;

import io.tidemark.core.stream.HashKeyRange;
import io.tidemark.core.stream.ShardLineage;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-made ListShards against kinesis-mock: a stream split and merged reads back with its whole lineage. */
@ExtendWith(EmulatorStack.class)
class KinesisShardListingTest {

    @Test
    void aReshardedStreamListsEveryShardWithItsParentsAndRange(Endpoints endpoints) throws Exception {
        AwsClients clients = AwsClients.forEndpoints(endpoints.asEnvironment());
        String stream = "listing-" + UUID.randomUUID();
        try (KinesisClient kinesis = clients.sync(KinesisClient.builder(), KinesisShardListing.KINESIS).build()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            String arn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            List<ShardLineage> created = new KinesisShardListing(clients, stream).list();
            assertThat(created).singleElement().satisfies(s -> {
                assertThat(s.parents()).isEmpty();
                assertThat(s.range()).isEqualTo(HashKeyRange.all());
            });
            String root = created.get(0).shardId();

            reshard(kinesis, stream, 2);
            List<ShardLineage> split = new KinesisShardListing(clients, arn).list();

            assertThat(split).hasSize(3);
            List<ShardLineage> children = split.stream().filter(s -> s.parents().equals(List.of(root))).toList();
            assertThat(children).hasSize(2);
            BigInteger first = children.stream().map(s -> s.range().start()).min(BigInteger::compareTo).orElseThrow();
            assertThat(first).isZero();
            assertThat(children.stream().map(s -> s.range().end()).max(BigInteger::compareTo).orElseThrow()).isEqualTo(HashKeyRange.MAX_HASH_KEY);

            reshard(kinesis, stream, 1);
            List<ShardLineage> merged = new KinesisShardListing(clients, stream).list();

            assertThat(merged).filteredOn(s -> s.parents().size() == 2).singleElement().satisfies(s -> {
                assertThat(s.parents()).containsExactlyInAnyOrderElementsOf(children.stream().map(ShardLineage::shardId).toList());
                assertThat(s.range()).isEqualTo(HashKeyRange.all());
            });
        }
    }

    /**
     * A handler makes its listing at init but lists only when it meets a shard the state table does not know: the
     * listing's HTTP client (a TLS context of its own) must wait for the first listing, and serve every later one.
     */
    @Test
    void theHttpClientIsMadeByTheFirstListingNotByTheListing(Endpoints endpoints) throws Exception {
        AwsClients clients = AwsClients.forEndpoints(endpoints.asEnvironment());
        String stream = "listing-" + UUID.randomUUID();
        try (KinesisClient kinesis = clients.sync(KinesisClient.builder(), KinesisShardListing.KINESIS).build()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            KinesisShardListing listing = new KinesisShardListing(clients, stream);
            java.lang.reflect.Field http = KinesisShardListing.class.getDeclaredField("http");
            http.setAccessible(true);
            assertThat(http.get(listing)).as("an HTTP client made with the listing").isNull();

            assertThat(listing.list()).hasSize(1);
            Object first = http.get(listing);
            assertThat(first).as("the first listing's client").isNotNull();
            assertThat(listing.list()).hasSize(1);
            assertThat(http.get(listing)).as("the same client for every listing").isSameAs(first);
        }
    }

    @Test
    void anUnknownStreamFailsNamingItAndThePermission(Endpoints endpoints) {
        KinesisShardListing listing = new KinesisShardListing(AwsClients.forEndpoints(endpoints.asEnvironment()), "no-such-stream");

        assertThatThrownBy(listing::list).hasMessageContaining("no-such-stream").hasMessageContaining("ResourceNotFound")
                .hasMessageContaining("kinesis:ListShards");
    }

    private static void reshard(KinesisClient kinesis, String stream, int shards) throws InterruptedException {
        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(shards).scalingType(ScalingType.UNIFORM_SCALING));
        for (int i = 0; i < 200; i++) {
            long open = kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count();
            if (open == shards
                    && kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stream " + stream + " did not become ACTIVE after resharding");
    }
}
