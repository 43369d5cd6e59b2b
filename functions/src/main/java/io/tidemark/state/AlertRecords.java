package io.tidemark.state;

import io.tidemark.core.view.CartAbandonment;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts table ({@code pk = alert#<alert_id>}, {@code sk = alert}): each abandonment alert put
 * once with {@code attribute_not_exists(alert_id)} — the exactly-once record. The table's stream
 * (new images) is the outbox the alert publisher relays to SNS, so a put that lost its condition
 * (a re-applied step) adds nothing to the stream.
 */
public final class AlertRecords {

    public static final String ALERT_TYPE = "cart_abandonment";

    private final Dynamo dynamo;

    AlertRecords(Dynamo dynamo) {
        this.dynamo = dynamo;
    }

    /** Records the alert; true if this call created it (false: it was recorded before). */
    public boolean record(CartAbandonment a, String shardId, long step, long nowMillis) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Dynamo.PK, Dynamo.s("alert#" + a.alertId()));
        item.put(Dynamo.SK, Dynamo.s("alert"));
        item.put("alert_id", Dynamo.s(a.alertId()));
        item.put("alert_type", Dynamo.s(ALERT_TYPE));
        item.put("user_id", Dynamo.s(a.userId()));
        item.put("cart_opened", Dynamo.s(a.cartOpened().toString()));
        item.put("last_activity", Dynamo.s(a.lastActivity().toString()));
        item.put("deadline", Dynamo.s(a.abandonedAt().toString()));
        List<AttributeValue> products = new ArrayList<>();
        a.products().forEach(p -> products.add(Dynamo.s(p)));
        item.put("products", AttributeValue.fromL(products));
        item.put("shard", Dynamo.s(shardId));
        item.put("step", Dynamo.n(step));
        item.put("recorded_at", Dynamo.n(nowMillis));
        return dynamo.putIf(Table.ALERTS, item, "attribute_not_exists(alert_id)", null, null).written();
    }

    /** Every recorded alert. */
    public List<CartAbandonment> readAll() {
        List<CartAbandonment> out = new ArrayList<>();
        dynamo.scan(Table.ALERTS, item -> out.add(decode(item)));
        return out;
    }

    /** An alert item (a table item or a stream's new image in SDK form) back to the core's value. */
    public static CartAbandonment decode(Map<String, AttributeValue> item) {
        List<String> products = new ArrayList<>();
        AttributeValue list = item.get("products");
        if (list != null && list.hasL()) {
            list.l().forEach(v -> products.add(v.s()));
        }
        return new CartAbandonment(Dynamo.str(item, "alert_id"), Dynamo.str(item, "user_id"),
                Instant.parse(Dynamo.str(item, "cart_opened")), Instant.parse(Dynamo.str(item, "last_activity")),
                Instant.parse(Dynamo.str(item, "deadline")), products);
    }
}
