package io.tidemark.bench.cost;

import io.tidemark.bench.input.BenchInput;
import io.tidemark.events.generator.GeneratorSettings;
import io.tidemark.aws.AwsClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The naive implementation is a real exactly-once implementation of the same views: it must equal the reference.
 * Its transactions run on moto's DynamoDB (the emulator stack); Tidemark on the embedded store.
 */
@ExtendWith(EmulatorStack.class)
class NaivePerEventPipelineTest {

    @TempDir
    Path dir;

    @Test
    void naiveAndTidemarkGiveTheReferenceViewsOnAFaultyInput(Endpoints endpoints) {
        GeneratorSettings settings = BenchInput.withFaults(3, 500, 30); // moto copies every table per transaction: kept small
        BenchInput input = BenchInput.generate(dir, settings);
        try (DynamoDbClient dynamo = AwsClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            WriteCostRun runs = new WriteCostRun(dynamo, input.lines());
            assertThat(runs.reference().cartAbandonments()).isNotEmpty();
            assertThat(runs.reference().counts().duplicates()).isPositive();

            // Small batches: with 60 users a shard sees few events a minute, and a full batch of a sparse shard would
            // hold its watermark back by more than the generator's late delay (the reference has one stream's watermark).
            WriteCostRun.Result naive = runs.run(WriteCostRun.Implementation.NAIVE, 10, 2);
            WriteCostRun.Result tidemark = runs.run(WriteCostRun.Implementation.TIDEMARK, 10, 2);

            assertThat(naive.firstDifference()).isEmpty();
            assertThat(tidemark.firstDifference()).isEmpty();
            assertThat(naive.acceptedEvents()).isEqualTo(runs.reference().counts().accepted());
            // Every accepted event costs the naive implementation at least its marker, in a transaction (2 units).
            assertThat(naive.writeUnits()).isGreaterThanOrEqualTo(2.0 * naive.acceptedEvents());
            assertThat(tidemark.writeUnits()).isPositive().isLessThan(naive.writeUnits());
            // The breakdown accounts for the puts and updates: every kind is a real item kind, and together they are the total
            // up to the writes it does not see (failed conditions, estimated by the meter).
            assertThat(naive.byItemKind()).isEmpty();
            assertThat(tidemark.byItemKind()).extracting(WritesByItemKind.ItemKind::kind).anyMatch(k -> k.startsWith("state ")).anyMatch(k -> k.startsWith("views "));
            double listed = tidemark.byItemKind().stream().mapToDouble(WritesByItemKind.ItemKind::writeUnits).sum();
            assertThat(listed).isLessThanOrEqualTo(tidemark.writeUnits() + 1e-6).isGreaterThan(0.9 * tidemark.writeUnits());
        }
    }
}
