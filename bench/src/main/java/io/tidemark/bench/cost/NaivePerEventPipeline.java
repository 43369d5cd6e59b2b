package io.tidemark.bench.cost;

import io.tidemark.core.report.Report;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.SourceRecord;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.CartInput;
import io.tidemark.core.view.CartState;
import io.tidemark.core.view.CartView;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.core.window.Session;
import io.tidemark.core.window.TimeWindow;
import io.tidemark.dynamodb.WriteMeter;
import io.tidemark.dynamodb.WriteUnits;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;
import io.tidemark.handlers.JsonEventDecoder;
import io.tidemark.handlers.RecordDecoder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The usual exactly-once pattern, for comparison with Tidemark's write cost: <b>one DynamoDB
 * transaction per event</b> that puts an {@code event_id} marker with
 * {@code attribute_not_exists} and, in the same {@code TransactWriteItems}, updates every view
 * item the event changes — {@code ADD} to the revenue-per-hour and active-user window counters, the
 * order-id claim, the user item (open sessions, the cart machine, the windows the user is counted
 * in; guarded by its version), closed sessions and alerts. The marker's condition makes a retried,
 * replayed or duplicated event a cancelled transaction; the transaction makes a crash between the
 * writes harmless (all or nothing). Event-time logic is the core's own (sliding/tumbling assigners,
 * merging sessions, the cart machine), driven per event by the shard's lateness horizon
 * {@code max accepted event time − watermark delay − allowed lateness}, checkpointed once per batch.
 * <p>
 * Same views as Tidemark (docs/spec.md §2), one writer per shard, as a Lambda with parallelization factor 1.
 * Known simplifications, harmless for a benchmark: timers of users who send nothing more fire at
 * the end of input (a deployment would need a sweeper over user items); {@code duplicates} is an
 * in-memory counter; after a crash the horizon restarts from the last batch checkpoint.
 */
public final class NaivePerEventPipeline {

    private static final AttributeValue ONE = AttributeValue.fromN("1");

    private final DynamoDbClient dynamo;
    private final NaiveTable table;
    private final WriteMeter meter;
    private final ViewSettings views = ViewSettings.spec();
    private final CartView carts;
    private final long horizonLag;
    private final RecordDecoder decoder = new JsonEventDecoder();
    /** A warm container's cache of user items (dropped on any conflict) and of order ids known to be taken. */
    private final Map<String, NaiveUser> users = new HashMap<>();
    private final Set<String> takenOrders = new HashSet<>();
    private final Map<String, Long> maxAccepted = new HashMap<>();
    private final Set<String> touchedUsers = new HashSet<>();
    private long duplicates;
    private long transactionsCancelled;

    public NaivePerEventPipeline(DynamoDbClient dynamo, NaiveTable table, EventTimeSettings time, WriteMeter meter) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.carts = new CartView(views.cartTimeout());
        this.horizonLag = time.watermarkDelay().toMillis() + time.allowedLateness().toMillis();
    }

    public WriteMeter meter() {
        return meter;
    }

    /** One Lambda invocation: the records of one shard, in sequence order; then the shard's checkpoint. */
    public void processBatch(String shardId, List<SourceRecord> batch) {
        long max = maxAccepted.computeIfAbsent(shardId, this::loadCheckpoint);
        for (SourceRecord r : batch) {
            max = process(shardId, r, max);
        }
        maxAccepted.put(shardId, max);
        Map<String, AttributeValue> checkpoint = new HashMap<>();
        checkpoint.put(NaiveTable.PK, s("shard#" + shardId));
        checkpoint.put("max_accepted", n(max));
        dynamo.putItem(b -> b.tableName(table.name()).item(checkpoint));
        meter.write(WriteUnits.put(checkpoint));
    }

    /** The end of a bounded input: every user's sessions close and every open cart's timer fires. */
    public void endOfInput() {
        for (String userId : List.copyOf(touchedUsers)) {
            while (true) {
                NaiveUser user = user(userId);
                if (user.isSettled()) {
                    break;
                }
                List<TransactWriteItem> writes = new ArrayList<>();
                CartState cart = user.cartCopy();
                carts.settle(cart, userId, Timestamps.POSITIVE_INFINITY, alert -> writes.add(alertPut(alert)));
                for (Session session : user.sessions()) {
                    writes.add(sessionPut(userId, session));
                }
                NaiveUser next = new NaiveUser(user.version() + 1, List.of(), cart, new java.util.TreeSet<>());
                writes.add(userPut(userId, user, next));
                if (commit(writes) == null) {
                    users.put(userId, next);
                    break;
                }
                users.remove(userId);
            }
        }
    }

    /** The views as the naive implementation's items hold them. */
    public Report report() {
        return table.readReport(dynamo, meter, duplicates);
    }

    public long duplicates() {
        return duplicates;
    }

    /** Transactions DynamoDB cancelled (duplicates, lost optimistic-lock or order-claim races). */
    public long transactionsCancelled() {
        return transactionsCancelled;
    }

    private long process(String shardId, SourceRecord r, long max) {
        RecordDecoder.Decoded decoded = decoder.decode(r.data());
        if (decoded instanceof RecordDecoder.Invalid invalid) {
            quarantine("rejected#", shardId, r, invalid.problems());
            return max;
        }
        Event e = ((RecordDecoder.Valid) decoded).event();
        long t = e.eventTimeMillis();
        long horizon = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - horizonLag;
        if (t < horizon) {
            quarantine("late#", shardId, r, List.of("late: event time " + e.timestamp() + " is before the lateness horizon "
                    + Instant.ofEpochMilli(horizon)));
            return max;
        }
        touchedUsers.add(e.userId());
        while (true) {
            NaiveUser user = user(e.userId());
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                    .item(Map.of(NaiveTable.PK, s("event#" + e.eventId()), "shard", s(shardId), "sequence_number", s(r.sequenceNumber())))
                    .conditionExpression("attribute_not_exists(pk)").build()).build());

            java.util.TreeSet<Long> counted = new java.util.TreeSet<>(user.countedWindows());
            for (TimeWindow w : views.activeUsers().assignWindows(t)) {
                if (counted.add(w.start())) {
                    writes.add(add(NaiveTable.activeKey(w.start()), "ADD #users :one", Map.of("#users", "users"), Map.of(":one", ONE)));
                }
            }
            long size = views.activeUsers().sizeMillis();
            counted.removeIf(start -> start + size <= horizon);

            List<Session> sessions = new ArrayList<>(views.sessions().addEvent(user.sessions(), t));
            sessions.removeIf(session -> {
                if (views.sessions().isClosed(session, horizon)) {
                    writes.add(sessionPut(e.userId(), session));
                    return true;
                }
                return false;
            });

            CartState cart = user.cartCopy();
            if (CartView.isRelevant(e.type())) {
                carts.accept(cart, new CartInput(t, arrivalNumber(r.sequenceNumber()), e.type(), e.productId(),
                        e.type().isCartEvent() ? e.quantity() : 0));
            }
            carts.settle(cart, e.userId(), horizon, alert -> writes.add(alertPut(alert)));

            boolean claimsOrder = e.type() == EventType.PURCHASE && !orderTaken(e.orderId());
            int orderIndex = -1;
            if (claimsOrder) {
                orderIndex = writes.size();
                writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                        .item(Map.of(NaiveTable.PK, s("order#" + e.orderId()), "claimed_by", s(e.eventId())))
                        .conditionExpression("attribute_not_exists(pk)").build()).build());
                long hour = views.revenue().windowStart(t);
                writes.add(add(NaiveTable.revenueKey(hour), "ADD #revenue :amount, #orders :one", Map.of("#revenue", "revenue", "#orders", "orders"),
                        Map.of(":amount", AttributeValue.fromN(e.amount().toPlainString()), ":one", ONE)));
            }
            NaiveUser next = new NaiveUser(user.version() + 1, sessions, cart, counted);
            int userIndex = writes.size();
            writes.add(userPut(e.userId(), user, next));

            List<CancellationReason> failed = commit(writes);
            if (failed == null) {
                users.put(e.userId(), next);
                return Math.max(max, t);
            }
            if (conditionFailed(failed, 0)) {
                duplicates++; // the marker exists: this event was applied before
                return max;
            }
            if (orderIndex >= 0 && conditionFailed(failed, orderIndex)) {
                takenOrders.add(e.orderId());
            }
            if (conditionFailed(failed, userIndex)) {
                users.remove(e.userId());
            }
            // Lost a race (or a conflict DynamoDB reports as TransactionConflict): redo the event from fresh reads.
        }
    }

    /** Runs the transaction; null when it committed, else the cancellation reasons (one per item). */
    private List<CancellationReason> commit(List<TransactWriteItem> writes) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            meter.write(2 * standardUnits(writes));
            return null;
        } catch (TransactionCanceledException e) {
            transactionsCancelled++;
            // DynamoDB charges a cancelled transaction's prepare phase (one write unit per item and KB) but reports nothing.
            meter.failedCondition(standardUnits(writes));
            return e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        }
    }

    /**
     * The standard write units of a transaction's items (a transaction costs twice these): a put by its item, an
     * update of a counter item by 1 (counters are far below 1 KB). A put that replaces a larger item is charged
     * here by the new one.
     */
    private static long standardUnits(List<TransactWriteItem> writes) {
        long units = 0;
        for (TransactWriteItem w : writes) {
            units += w.put() != null ? WriteUnits.put(w.put().item()) : 1;
        }
        return units;
    }

    /** Ties in event time go by arrival: the low 18 digits of the sequence number, which grow along a shard. */
    private static long arrivalNumber(String sequenceNumber) {
        return Long.parseLong(sequenceNumber.substring(Math.max(0, sequenceNumber.length() - 18)));
    }

    private static boolean conditionFailed(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private boolean orderTaken(String orderId) {
        if (takenOrders.contains(orderId)) {
            return true;
        }
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table.name()).key(Map.of(NaiveTable.PK, s("order#" + orderId)))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.read(r.consumedCapacity());
        if (r.hasItem() && !r.item().isEmpty()) {
            takenOrders.add(orderId);
            return true;
        }
        return false;
    }

    private NaiveUser user(String userId) {
        NaiveUser cached = users.get(userId);
        if (cached != null) {
            return cached;
        }
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table.name()).key(Map.of(NaiveTable.PK, s("user#" + userId)))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.read(r.consumedCapacity());
        NaiveUser user = r.hasItem() && !r.item().isEmpty()
                ? NaiveUser.fromJson(Long.parseLong(r.item().get("version").n()), r.item().get("state").s())
                : NaiveUser.empty();
        users.put(userId, user);
        return user;
    }

    private long loadCheckpoint(String shardId) {
        GetItemResponse r = dynamo.getItem(b -> b.tableName(table.name()).key(Map.of(NaiveTable.PK, s("shard#" + shardId)))
                .consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        meter.read(r.consumedCapacity());
        return r.hasItem() && r.item().containsKey("max_accepted") ? Long.parseLong(r.item().get("max_accepted").n()) : Long.MIN_VALUE;
    }

    private TransactWriteItem userPut(String userId, NaiveUser before, NaiveUser next) {
        Put.Builder put = Put.builder().tableName(table.name()).item(Map.of(NaiveTable.PK, s("user#" + userId),
                "version", n(next.version()), "state", s(next.toJson())));
        if (before.version() == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("#version = :expected").expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":expected", n(before.version())));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem sessionPut(String userId, Session session) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(Map.of(
                NaiveTable.PK, s("session#" + userId + "#" + Instant.ofEpochMilli(session.start())), "user_id", s(userId),
                "session_start", n(session.start()), "last_event", n(session.lastEvent()), "events", n(session.events()))).build()).build();
    }

    private TransactWriteItem alertPut(CartAbandonment alert) {
        List<AttributeValue> products = alert.products().stream().map(AttributeValue::fromS).toList();
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(Map.of(
                NaiveTable.PK, s("alert#" + alert.alertId()), "alert_id", s(alert.alertId()), "user_id", s(alert.userId()),
                "cart_opened", n(alert.cartOpened().toEpochMilli()), "last_activity", n(alert.lastActivity().toEpochMilli()),
                "products", AttributeValue.fromL(products))).build()).build();
    }

    private TransactWriteItem add(String key, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name()).key(Map.of(NaiveTable.PK, s(key)))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    private void quarantine(String kind, String shardId, SourceRecord r, List<String> reasons) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(NaiveTable.PK, s(kind + shardId + "#" + r.sequenceNumber()));
        item.put("reasons", AttributeValue.fromL(reasons.stream().map(AttributeValue::fromS).toList()));
        item.put("data", AttributeValue.fromB(SdkBytes.fromByteArray(r.data())));
        try {
            dynamo.putItem(b -> b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(pk)"));
            meter.write(WriteUnits.put(item));
        } catch (ConditionalCheckFailedException alreadyKept) {
            meter.failedCondition(WriteUnits.put(item));
        }
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static BigDecimal decimal(AttributeValue v) {
        return new BigDecimal(v.n());
    }
}
