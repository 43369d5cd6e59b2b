package io.tidemark.cli;

import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.config.TableNames;
import io.tidemark.core.enrich.Customer;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.dynamodb.StateTables;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark customers load} against moto's DynamoDB of the emulator stack. */
@ExtendWith(EmulatorStack.class)
class CustomersCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    private static TableNames freshTables(DynamoDbClient dynamo) {
        TableNames tables = TableNames.forPrefix("cust-" + UUID.randomUUID().toString().substring(0, 8));
        StateTables.createAll(dynamo, tables);
        return tables;
    }

    @Test
    void aCsvFileIsLoadedInBatchesAndTheTableAnswersLookups(Endpoints endpoints) throws Exception {
        List<String> lines = new ArrayList<>(List.of("user_id,tier,region"));
        for (int i = 0; i < 60; i++) {
            lines.add("c" + i + "," + (i % 2 == 0 ? "gold" : "silver") + "," + (i % 3 == 0 ? "" : "eu-west"));
        }
        Path file = dir.resolve("customers.csv");
        Files.write(file, lines);
        try (DynamoDbClient dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            TableNames tables = freshTables(dynamo);

            Cli.Result load = Cli.run("customers", "load", file.toString(), "--table-prefix", tables.prefix(), "--json");

            assertThat(load.exit()).as(load.err()).isZero();
            assertThat(load.out()).contains("\"loaded\":60").contains("\"invalid\":0").contains("\"batches\":3").contains("\"format\":\"csv\"");
            Map<String, Customer> found = StateStore.create(dynamo, tables).customers().lookup(List.of("c0", "c1", "c59", "nobody"));
            assertThat(found).containsOnlyKeys("c0", "c1", "c59");
            assertThat(found.get("c0")).isEqualTo(new Customer("c0", "gold", null));
            assertThat(found.get("c1")).isEqualTo(new Customer("c1", "silver", "eu-west"));
        }
    }

    @Test
    void invalidLinesAreReportedWithLineNumbersAndNothingIsLoadedUnlessAskedTo(Endpoints endpoints) throws Exception {
        Path file = dir.resolve("customers.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"user_id\":\"c1\",\"tier\":\"gold\",\"region\":\"eu-west\"}",
                "{\"user_id\":\"c2\"}",
                "{\"user_id\":\"c3\",\"tier\":\"unknown\"}",
                "",
                "{\"user_id\":\"c1\",\"tier\":\"silver\"}",
                "not json",
                "{\"user_id\":\"c4\",\"tier\":\"bronze\",\"region\":7}",
                "{\"user_id\":\"c5\",\"tier\":\"bronze\"}") + "\n");
        try (DynamoDbClient dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            TableNames tables = freshTables(dynamo);

            Cli.Result strict = Cli.run("customers", "load", file.toString(), "--table-prefix", tables.prefix());

            assertThat(strict.exit()).isEqualTo(ExitCodes.ERROR);
            assertThat(strict.err()).contains("line 2: tier: required").contains("line 3: tier: 'unknown' is reserved")
                    .contains("line 5: user_id: 'c1' was already given on line 1").contains("line 6: not valid JSON")
                    .contains("line 7: region: must be a string").contains("nothing loaded");
            assertThat(StateStore.create(dynamo, tables).customers().lookup(List.of("c1", "c5"))).isEmpty();

            Cli.Result lenient = Cli.run("customers", "load", file.toString(), "--table-prefix", tables.prefix(), "--skip-invalid", "--json");

            assertThat(lenient.exit()).isEqualTo(ExitCodes.REJECTED);
            assertThat(lenient.out()).contains("\"loaded\":2").contains("\"invalid\":5").contains("{\"line\":2,\"reason\":\"tier: required");
            assertThat(StateStore.create(dynamo, tables).customers().tiers(List.of("c1", "c5", "c2")))
                    .containsExactly(Map.entry("c1", "gold"), Map.entry("c5", "bronze"), Map.entry("c2", "unknown"));
        }
    }

    @Test
    void aCsvWithoutTheRequiredColumnsNamesThem() throws Exception {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, "id,level\nc1,gold\n");

        Cli.Result load = Cli.run("customers", "load", file.toString(), "--table-prefix", "unused");

        assertThat(load.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(load.err()).contains("the CSV header must name the columns user_id, tier and optionally region");
    }
}
