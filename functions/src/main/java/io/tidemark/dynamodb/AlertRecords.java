package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import io.tidemark.core.view.CartAbandonment;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts table: one <em>alerts row</em> per (shard, step) that abandoned carts —
 * {@code pk = alerts#<shard>}, {@code sk = step#<step, 20 digits>#<part, 4 digits>} — holding the
 * step's alerts deflated in {@code data} ({@link AlertRowsCodec}; a step with more than ~350 KB of
 * alerts has several parts, each a whole number of alerts). Each part is put once with
 * {@code attribute_not_exists(pk)}: the exactly-once record. An alert belongs to exactly one
 * committed step (the core is deterministic and a redo of step n emits the same alerts in the same
 * order, so the same parts), so keying by (shard, step, part) records it once; a re-applied step's
 * put loses its condition and adds nothing to the table's stream, which (new images) is the outbox
 * the alert publisher relays to SNS, expanding each row into its alerts.
 * <p>
 * Items of the earlier layout ({@code pk = alert#<alert_id>}, one alert each) are still read.
 */
public final class AlertRecords {

    public static final String ALERT_TYPE = "cart_abandonment";
    static final String ROW = "alerts#";
    static final String LEGACY = "alert#";

    private final ItemStore items;

    AlertRecords(ItemStore items) {
        this.items = items;
    }

    /** The partition key of a shard's alerts rows. */
    public static String rowPk(String shardId) {
        return ROW + shardId;
    }

    /**
     * Records a committed step's alerts (one conditional put per part, about one write unit per
     * step); returns those this call recorded (empty: the step's row was recorded before).
     */
    public List<CartAbandonment> record(String shardId, long step, List<CartAbandonment> alerts, long nowMillis) {
        List<CartAbandonment> recorded = new ArrayList<>();
        List<List<CartAbandonment>> parts = AlertRowsCodec.split(alerts);
        List<byte[]> data = new ArrayList<>(parts.size());
        for (List<CartAbandonment> part : parts) {
            data.add(AlertRowsCodec.encode(part));
        }
        List<Map<String, AttributeValue>> rowItems = StepRowParts.items(StepRowKey.of(rowPk(shardId), step), StepRowParts.STEP, data);
        for (int i = 0; i < parts.size(); i++) {
            Map<String, AttributeValue> item = rowItems.get(i);
            item.put("alert_type", AttributeValues.s(ALERT_TYPE));
            item.put("shard", AttributeValues.s(shardId));
            item.put("alerts", AttributeValues.n(parts.get(i).size()));
            item.put("recorded_at", AttributeValues.n(nowMillis));
            if (items.putIf(Table.ALERTS, item, PutCondition.absent()).written()) {
                recorded.addAll(parts.get(i));
            }
        }
        return recorded;
    }

    /** Every recorded alert, rows expanded (not deduplicated: each entry is one record of an alert). */
    public List<CartAbandonment> readAll() {
        List<CartAbandonment> out = new ArrayList<>();
        items.scan(Table.ALERTS, item -> out.addAll(decode(item)));
        return out;
    }

    /** The alerts a shard's steps after {@code afterStep} recorded, one step at a time, until {@code each} returns false. */
    public void readSteps(String shardId, long afterStep, boolean newestFirst, ViewRows.StepConsumer<CartAbandonment> each) {
        KeyQuery query = StepRowKey.stepsAfter(rowPk(shardId), StepRowKey.STEP, afterStep);
        StepRowParts.read(items, Table.ALERTS, newestFirst ? query.descending() : query, (step, parts) -> {
            List<CartAbandonment> alerts = new ArrayList<>();
            for (Map<String, AttributeValue> part : parts) {
                alerts.addAll(decode(part));
            }
            return each.accept(step, alerts);
        });
    }

    /**
     * The alerts of an alerts-table item (a table item or a stream's new image in SDK form): the
     * alerts of a row's part, or the one alert of an item of the earlier layout.
     */
    public static List<CartAbandonment> decode(Map<String, AttributeValue> item) {
        AttributeValue data = item.get(StepRowParts.DATA);
        if (data != null && data.b() != null) {
            return AlertRowsCodec.decode(data.b().asByteArray());
        }
        if (item.containsKey("alert_id")) {
            return List.of(decodeLegacy(item));
        }
        throw new IllegalStateException("alerts-table item that is neither an alerts row nor an alert: " + item.keySet());
    }

    private static CartAbandonment decodeLegacy(Map<String, AttributeValue> item) {
        List<String> products = new ArrayList<>();
        AttributeValue list = item.get("products");
        if (list != null && list.hasL()) {
            list.l().forEach(v -> products.add(v.s()));
        }
        return new CartAbandonment(AttributeValues.str(item, "alert_id"), AttributeValues.str(item, "user_id"),
                Instant.parse(AttributeValues.str(item, "cart_opened")), Instant.parse(AttributeValues.str(item, "last_activity")),
                Instant.parse(AttributeValues.str(item, "deadline")), products);
    }
}
