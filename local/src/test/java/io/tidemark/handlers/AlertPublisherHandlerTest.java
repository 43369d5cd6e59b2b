package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.dynamodb.TestStores;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.LambdaEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert publisher on alerts rows as the deployed relay hands them over (a DynamoDB stream
 * event through the Lambda runtime's serializer): every alert of every row goes out with its body
 * and attributes, ten per {@code PublishBatch}; entries SNS fails on its side are retried; a row
 * with an alert that still failed is reported, and nothing after it is published in that call.
 */
class AlertPublisherHandlerTest {

    private TableNames tables;
    private StateStore store;

    @BeforeEach
    void setUp() {
        tables = TestStores.freshTables("publisher");
        store = TestStores.store(tables);
    }

    @AfterEach
    void tearDown() {
        store.items().deleteTables();
    }

    @Test
    void everyAlertOfEveryRowIsPublishedWithItsBodyAndAttributes() {
        List<CartAbandonment> step3 = alerts("a", 23);
        List<CartAbandonment> step4 = alerts("b", 2);
        store.alerts().record("shardId-000000000000", 3, step3, 1);
        store.alerts().record("shardId-000000000000", 4, step4, 1);
        FakeSns sns = new FakeSns(e -> false, 0);
        StreamsEventResponse r = new AlertPublisherHandler(new SnsAlertSink(sns, "arn:topic"), BusinessMetrics.NONE,
                JsonLog.stdout("test").quiet()).handleRequest(streamEvent(), null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        List<CartAbandonment> all = new ArrayList<>(step3);
        all.addAll(step4);
        assertThat(sns.published).hasSize(all.size());
        for (CartAbandonment a : all) {
            PublishBatchRequestEntry e = sns.published.get(a.alertId());
            assertThat(e).as(a.alertId()).isNotNull();
            assertThat(e.message()).isEqualTo(AlertMessage.of(a, "cart_abandonment").toJson())
                    .contains("\"alert_id\":\"" + a.alertId() + "\"").contains("\"deadline\":\"" + a.abandonedAt() + "\"");
            assertThat(e.messageAttributes().get("alert_type").stringValue()).isEqualTo("cart_abandonment");
            assertThat(e.messageAttributes().get("user_id").stringValue()).isEqualTo(a.userId());
        }
        assertThat(sns.calls).as("23 alerts in 3 calls, 2 in 1").containsExactly(10, 10, 3, 2);
    }

    @Test
    void entriesSnsFailedOnItsSideAreRetriedAlone() {
        List<CartAbandonment> step = alerts("c", 5);
        store.alerts().record("s1", 7, step, 1);
        String flaky = step.get(2).alertId();
        FakeSns sns = new FakeSns(e -> e.message().contains(flaky), 2); // fails twice, then goes through
        StreamsEventResponse r = new AlertPublisherHandler(new SnsAlertSink(sns, "arn:topic"), BusinessMetrics.NONE,
                JsonLog.stdout("test").quiet()).handleRequest(streamEvent(), null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(sns.published).hasSize(5);
        assertThat(sns.calls).containsExactly(5, 1, 1);
    }

    @Test
    void aRowWithAnAlertThatCouldNotBePublishedIsReportedAndTheRestWaits() {
        store.alerts().record("s1", 1, alerts("d", 3), 1);
        List<CartAbandonment> second = alerts("e", 4);
        store.alerts().record("s1", 2, second, 1);
        store.alerts().record("s1", 3, alerts("f", 2), 1);
        String broken = second.get(1).alertId();
        FakeSns sns = new FakeSns(e -> e.message().contains(broken), Integer.MAX_VALUE);
        DynamodbEvent event = streamEvent();
        StreamsEventResponse r = new AlertPublisherHandler(new SnsAlertSink(sns, "arn:topic"), BusinessMetrics.NONE,
                JsonLog.stdout("test").quiet()).handleRequest(event, null);
        assertThat(r.getBatchItemFailures()).hasSize(1);
        assertThat(r.getBatchItemFailures().get(0).getItemIdentifier()).isEqualTo(event.getRecords().get(1).getDynamodb().getSequenceNumber());
        assertThat(sns.published).as("row 1, and row 2 but its broken alert; row 3 waits for the retry").hasSize(3 + 3);
        assertThat(sns.published).doesNotContainKey(broken);
    }

    @Test
    void sinksThatDoNotBatchGetEachAlert() {
        List<CartAbandonment> step = alerts("g", 3);
        store.alerts().record("s1", 1, step, 1);
        List<AlertMessage> seen = new ArrayList<>();
        StreamsEventResponse r = new AlertPublisherHandler(seen::add).handleRequest(streamEvent(), null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(seen).extracting(AlertMessage::alertId).containsExactlyElementsOf(step.stream().map(CartAbandonment::alertId).toList());
    }

    /** The alerts table's rows as INSERT stream records, in step order, as Lambda's runtime deserializes them. */
    private DynamodbEvent streamEvent() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        store.items().scan(Table.ALERTS, items::add);
        items.sort(Comparator.comparing(i -> i.get("sk").s()));
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, AttributeValue> item = items.get(i);
            records.add(Record.builder().eventName(OperationType.INSERT).eventID("e" + i).dynamodb(StreamRecord.builder()
                    .keys(Map.of("pk", item.get("pk"), "sk", item.get("sk"))).newImage(item)
                    .sequenceNumber(String.format("%021d", 100 + i)).sizeBytes(100L).build()).build());
        }
        return LambdaEvents.dynamodbEvent(records, "arn:aws:dynamodb:us-east-1:000000000000:table/alerts/stream/x", "us-east-1");
    }

    private static List<CartAbandonment> alerts(String prefix, int n) {
        List<CartAbandonment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant opened = Instant.parse("2026-11-23T10:00:00Z").plusSeconds(61L * i).plusMillis(i);
            String user = prefix + "-user-" + i;
            out.add(new CartAbandonment(CartAbandonment.alertIdFor(user, opened), user, opened, opened.plusSeconds(120),
                    opened.plusSeconds(120 + 1800), i % 3 == 0 ? List.of() : List.of("p" + i, "p" + (i + 1))));
        }
        return out;
    }

    /** PublishBatch only: fails the entries {@code failing} matches, {@code failures} times each (not the sender's fault). */
    private static final class FakeSns implements SnsClient {
        final Map<String, PublishBatchRequestEntry> published = new HashMap<>();
        final List<Integer> calls = new ArrayList<>();
        private final Predicate<PublishBatchRequestEntry> failing;
        private final Map<String, Integer> failuresLeft = new HashMap<>();
        private final int failures;

        FakeSns(Predicate<PublishBatchRequestEntry> failing, int failures) {
            this.failing = failing;
            this.failures = failures;
        }

        @Override
        public PublishBatchResponse publishBatch(PublishBatchRequest request) {
            assertThat(request.topicArn()).isEqualTo("arn:topic");
            assertThat(request.publishBatchRequestEntries()).hasSizeBetween(1, 10);
            calls.add(request.publishBatchRequestEntries().size());
            List<PublishBatchResultEntry> ok = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (PublishBatchRequestEntry e : request.publishBatchRequestEntries()) {
                if (failing.test(e) && failuresLeft.merge(e.message(), 1, Integer::sum) <= failures) {
                    failed.add(BatchResultErrorEntry.builder().id(e.id()).code("InternalError").message("try again").senderFault(false).build());
                } else {
                    String id = e.message().replaceAll(".*\"alert_id\":\"([^\"]+)\".*", "$1");
                    assertThat(published.put(id, e)).as("published once here").isNull();
                    ok.add(PublishBatchResultEntry.builder().id(e.id()).messageId("m-" + id).build());
                }
            }
            return PublishBatchResponse.builder().successful(ok).failed(failed).build();
        }

        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    }
}
