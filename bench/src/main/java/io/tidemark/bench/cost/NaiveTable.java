package io.tidemark.bench.cost;

import io.tidemark.core.report.Report;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.dynamodb.WriteMeter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The naive implementation's one table (on-demand, key {@code pk}): {@code event#<id>} markers,
 * {@code user#<id>} state, {@code order#<id>} claims, {@code revenue#<hour>} and
 * {@code active#<window start>} counters, {@code session#<user>#<start>} closed sessions,
 * {@code alert#<id>} alerts, {@code rejected#…}/{@code late#…} quarantine, {@code shard#<id>} checkpoints.
 */
public record NaiveTable(String name) {

    static final String PK = "pk";

    /** Creates the table (pay per request) and returns it. */
    public static NaiveTable create(DynamoDbClient dynamo, String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build()));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return new NaiveTable(name);
    }

    static String revenueKey(long hourStart) {
        return "revenue#" + Instant.ofEpochMilli(hourStart);
    }

    static String activeKey(long windowStart) {
        return "active#" + Instant.ofEpochMilli(windowStart);
    }

    /** Every view in the docs/spec.md §5 shape, from one scan; {@code duplicates} comes from the pipeline's counter. */
    Report readReport(DynamoDbClient dynamo, WriteMeter meter, long duplicates) {
        ViewSettings views = ViewSettings.spec();
        List<Report.RevenueWindow> revenue = new ArrayList<>();
        List<Report.ActiveUsersWindow> active = new ArrayList<>();
        List<Report.UserSession> sessions = new ArrayList<>();
        List<Report.Abandonment> alerts = new ArrayList<>();
        long accepted = 0;
        long rejected = 0;
        long late = 0;
        ScanRequest next = ScanRequest.builder().tableName(name).consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        while (true) {
            ScanResponse page = dynamo.scan(next);
            meter.read(page.consumedCapacity());
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get(PK).s();
                String kind = pk.substring(0, pk.indexOf('#'));
                switch (kind) {
                    case "event" -> accepted++;
                    case "rejected" -> rejected++;
                    case "late" -> late++;
                    case "revenue" -> {
                        Instant start = Instant.parse(pk.substring("revenue#".length()));
                        revenue.add(new Report.RevenueWindow(start, start.plusMillis(views.revenue().sizeMillis()),
                                NaivePerEventPipeline.decimal(item.get("revenue")), Long.parseLong(item.get("orders").n())));
                    }
                    case "active" -> {
                        Instant start = Instant.parse(pk.substring("active#".length()));
                        long users = Long.parseLong(item.get("users").n());
                        if (users > 0) {
                            active.add(new Report.ActiveUsersWindow(start, start.plusMillis(views.activeUsers().sizeMillis()), users));
                        }
                    }
                    case "session" -> sessions.add(new Report.UserSession(item.get("user_id").s(), millis(item, "session_start"),
                            millis(item, "last_event"), Long.parseLong(item.get("events").n())));
                    case "alert" -> alerts.add(new Report.Abandonment(item.get("alert_id").s(), item.get("user_id").s(),
                            millis(item, "cart_opened"), millis(item, "last_activity"), item.get("products").l().stream().map(AttributeValue::s).toList()));
                    default -> {
                        // users, orders, shard checkpoints: state, not views
                    }
                }
            }
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                break;
            }
            next = next.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
        // The four docs/spec.md §2 views only: the joins (ad attribution, revenue by tier) are not part of this comparison.
        return new Report(revenue, active, sessions, alerts, List.of(), List.of(), new Report.Counts(accepted, duplicates, rejected, late));
    }

    private static Instant millis(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(Long.parseLong(item.get(name).n()));
    }
}
