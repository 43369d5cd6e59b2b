package io.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.cli.options.ExitCodes;
import io.tidemark.handlers.AlertMessage;
import io.tidemark.handlers.SnsAlertSink;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tidemark alerts tail} as a user runs it, in its own JVM, against moto's SNS and SQS:
 * alerts published to the topic are printed, repeats dropped, and on every way out the temporary
 * queue and its subscription are gone.
 */
@ExtendWith(EmulatorStack.class)
class AlertsTailCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void maxThreeJsonPrintsThreeAlertsOnceEachAndLeavesNothingBehind(Endpoints endpoints) throws Exception {
        try (SnsClient sns = ToolClients.forEndpoints(endpoints.asEnvironment()).sns(); SqsClient sqs = ToolClients.forEndpoints(endpoints.asEnvironment()).sqs()) {
            String topic = sns.createTopic(b -> b.name("alerts-" + UUID.randomUUID())).topicArn();
            List<AlertMessage> alerts = List.of(alert("u1"), alert("u2"), alert("u3"));
            try (CliProcess tail = CliProcess.start(endpoints, dir, "alerts", "tail", "--topic", topic, "--max", "3", "--json",
                    "--timeout", "PT2M")) {
                awaitSubscription(sns, topic);
                SnsAlertSink sink = new SnsAlertSink(sns, topic);
                sink.publish(alerts.get(0));
                sink.publish(alerts.get(0)); // at-least-once delivery: a repeat, dropped by alert_id
                sink.publish(alerts.get(1));
                sink.publish(alerts.get(2));

                assertThat(tail.awaitExit(WAIT)).as("exit code").isZero();
                List<String> lines = tail.stdoutLines();
                assertThat(lines).hasSize(3);
                assertThat(lines.stream().map(AlertsTailCommandTest::alertId))
                        .containsExactlyInAnyOrderElementsOf(alerts.stream().map(AlertMessage::alertId).toList());
                assertThat(JSON.readTree(lines.get(0)).fieldNames()).toIterable()
                        .containsExactly("alert_id", "user_id", "cart_opened", "last_activity", "products", "deadline");
            }
            assertNothingLeft(sns, sqs, topic);
        }
    }

    @Test
    void ctrlCUnsubscribesAndDeletesTheQueue(Endpoints endpoints) throws Exception {
        try (SnsClient sns = ToolClients.forEndpoints(endpoints.asEnvironment()).sns(); SqsClient sqs = ToolClients.forEndpoints(endpoints.asEnvironment()).sqs()) {
            String topic = sns.createTopic(b -> b.name("alerts-" + UUID.randomUUID())).topicArn();
            try (CliProcess tail = CliProcess.start(endpoints, dir, "alerts", "tail", "--topic", topic)) {
                awaitSubscription(sns, topic);
                AlertMessage one = alert("u9");
                new SnsAlertSink(sns, topic).publish(one);
                assertThat(tail.awaitStdout(lines -> !lines.isEmpty(), WAIT)).singleElement().asString()
                        .contains("user u9").contains(one.alertId());
                tail.interrupt();
                tail.awaitExit(WAIT);
                assertThat(tail.stderr()).contains("queue and subscription removed");
            }
            assertNothingLeft(sns, sqs, topic);
        }
    }

    @Test
    void aMissingTopicIsOneLine(Endpoints endpoints) throws Exception {
        try (CliProcess tail = CliProcess.start(endpoints, dir, "alerts", "tail", "--topic",
                "arn:aws:sns:us-east-1:123456789012:no-such-topic-" + UUID.randomUUID(), "--max", "1")) {
            assertThat(tail.awaitExit(WAIT)).isEqualTo(ExitCodes.ERROR);
            assertThat(tail.stderr().strip().lines().toList()).singleElement().asString().startsWith("tidemark alerts tail:");
        }
        try (SqsClient sqs = ToolClients.forEndpoints(endpoints.asEnvironment()).sqs()) {
            assertThat(sqs.listQueues(b -> b.queueNamePrefix("tidemark-tail-")).queueUrls()).as("queues left").isEmpty();
        }
    }

    private static AlertMessage alert(String user) {
        String id = UUID.randomUUID().toString();
        return new AlertMessage(id, "cart_abandonment", user, "2026-11-23T10:00:00Z", "2026-11-23T10:05:00Z", List.of("p1", "p2"),
                "2026-11-23T10:35:00Z");
    }

    private static String alertId(String json) {
        try {
            return JSON.readTree(json).get("alert_id").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The tail subscribes after creating its queue: publish only once it listens. */
    static void awaitSubscription(SnsClient sns, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nobody subscribed to " + topic + " within " + WAIT);
    }

    static void assertNothingLeft(SnsClient sns, SqsClient sqs, String topic) {
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions()).as("subscriptions left").isEmpty();
        assertThat(sqs.listQueues(b -> b.queueNamePrefix("tidemark-tail-")).queueUrls()).as("queues left").isEmpty();
    }
}
