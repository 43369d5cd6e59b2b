package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.cli.dashboard.FailureQueue;
import io.tidemark.cli.dashboard.LiveDashboard;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's API against tables that {@code tidemark put} + {@code tidemark run} filled on the emulators: every
 * number of {@code /api/snapshot} equals {@code tidemark query all --json} on the same tables, first while the newest
 * windows are provisional (run until idle, the watermark short of them), then once every window is final (the same
 * stream run to its end of input).
 */
@ExtendWith(EmulatorStack.class)
class DashboardApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    @Test
    void theApiEqualsQueryAllForProvisionalAndFinalWindows(Endpoints endpoints) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "dash-" + suffix;
        String prefix = "dash" + suffix;
        Path events = dir.resolve("events.jsonl");
        assertThat(Cli.run("generate", "--seed", "5", "--count", "2500", "--users", "120", "--duplicate-rate", "0.01", "--invalid-rate", "0.01",
                "--out", events.toString()).exit()).isZero();
        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             DynamoDbClient dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            Cli.Result put = Cli.run("put", events.toString(), "--stream", stream, "--no-validate", "--concurrency", "1");
            assertThat(put.exit()).as(put.err()).isZero();
            Cli.Result run = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle");
            assertThat(run.exit()).as(run.err()).isZero();

            try (LiveDashboard dashboard = LiveDashboard.start(StateStore.create(dynamo, TableNames.forPrefix(prefix)), EventTimeSettings.defaults(),
                    FailureQueue.NONE, Clock.systemUTC(), LiveDashboard.Settings.loopback(0))) {
                JsonNode provisional = snapshotAfter(dashboard, Instant.now());
                assertThat(provisional.get("all_final").asBoolean()).isFalse();
                assertThat(provisional.at("/active_users/headline/provisional").asBoolean()).as("the newest window is not final yet").isTrue();
                assertThat(provisional.at("/active_users/headline/users").asLong()).isPositive();
                assertEqualsQuery(provisional, prefix);

                Cli.Result end = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle", "--end-of-input");
                assertThat(end.exit()).as(end.err()).isZero();
                JsonNode last = snapshotAfter(dashboard, Instant.now());
                assertThat(last.get("all_final").asBoolean()).isTrue();
                assertThat(last.get("as_of_source").asText()).isEqualTo("last_event");
                last.at("/active_users/minutes").forEach(w -> assertThat(w.get("provisional").asBoolean()).isFalse());
                last.get("revenue_per_hour").forEach(h -> assertThat(h.get("provisional").asBoolean()).isFalse());
                assertThat(last.at("/carts/abandoned").asLong()).as("the end of input fires every cart timer").isPositive();
                assertEqualsQuery(last, prefix);
            }
        }
    }

    private static void assertEqualsQuery(JsonNode snapshot, String prefix) throws Exception {
        Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
        assertThat(query.exit()).as(query.err()).isZero();
        Report report = ReportJson.read(query.out());
        DashboardExpectations expected = DashboardExpectations.of(report, Instant.parse(snapshot.get("as_of").asText()));
        assertThat(expected.differencesFrom(snapshot)).as("the API against query all --json").isEmpty();
    }

    /** The first snapshot the dashboard read after {@code instant} (its poll is shared, so it may lag by one refresh). */
    static JsonNode snapshotAfter(LiveDashboard dashboard, Instant instant) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + "/api/snapshot")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode s = JSON.readTree(r.body());
            assertThat(s.get("error").isNull()).as(r.body()).isTrue();
            if (Instant.parse(s.get("generated_at").asText()).isAfter(instant)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no snapshot newer than " + instant + ": " + r.body());
            }
            Thread.sleep(100);
        }
    }
}
