package io.tidemark.bench.cost;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the write units go: a {@link DynamoDbClient} that passes every call to the real one and adds
 * up the capacity each successful {@code PutItem} and {@code UpdateItem} reports, by item kind —
 * the table and the text before the first {@code #} of the partition and sort keys (digits shown as
 * {@code <n>}), e.g. {@code state shard# / log#}. Those two calls are all Tidemark's state adapters
 * write with; anything else (and failed conditions, which report no capacity) is in the total of
 * the run's {@code WriteMeter}, not here, so the kinds may sum to slightly less than the total.
 */
public final class WritesByItemKind {

    /** One kind of item: its label, the write units its puts and updates reported, and how many there were. */
    public record ItemKind(String kind, double writeUnits, long writes) {
        public double perEvent(long events) {
            return writeUnits / events;
        }
    }

    private final Map<String, AtomicLong[]> tally = new ConcurrentHashMap<>();
    private final DynamoDbClient client;
    private final String tablePrefix;

    private WritesByItemKind(DynamoDbClient real, String tablePrefix) {
        this.tablePrefix = tablePrefix;
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    Object response;
                    try {
                        response = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (response instanceof PutItemResponse put && args[0] instanceof PutItemRequest request) {
                        add(request.tableName(), request.item(), put.consumedCapacity());
                    } else if (response instanceof UpdateItemResponse update && args[0] instanceof UpdateItemRequest request) {
                        add(request.tableName(), request.key(), update.consumedCapacity());
                    }
                    return response;
                });
    }

    /** Meters the writes to the tables of {@code tablePrefix} made through {@link #client()}. */
    public static WritesByItemKind around(DynamoDbClient real, String tablePrefix) {
        return new WritesByItemKind(real, tablePrefix);
    }

    public DynamoDbClient client() {
        return client;
    }

    /** The kinds, most expensive first. */
    public List<ItemKind> kinds() {
        List<ItemKind> out = new ArrayList<>();
        tally.forEach((kind, t) -> out.add(new ItemKind(kind, t[0].get() / 1e6, t[1].get())));
        out.sort(Comparator.comparingDouble(ItemKind::writeUnits).reversed().thenComparing(ItemKind::kind));
        return out;
    }

    private void add(String table, Map<String, AttributeValue> key, ConsumedCapacity capacity) {
        if (capacity == null || capacity.capacityUnits() == null) {
            return;
        }
        String name = table.startsWith(tablePrefix + "-") ? table.substring(tablePrefix.length() + 1) : table;
        String kind = name + " " + prefixOf(key.get("pk")) + " / " + prefixOf(key.get("sk"));
        AtomicLong[] t = tally.computeIfAbsent(kind, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        t[0].addAndGet(Math.round(capacity.capacityUnits() * 1e6));
        t[1].incrementAndGet();
    }

    static String prefixOf(AttributeValue value) {
        if (value == null || value.s() == null) {
            return "-";
        }
        String s = value.s();
        int hash = s.indexOf('#');
        String head = hash >= 0 ? s.substring(0, hash + 1) : s;
        return head.matches("\\d.*") ? "<n>" : head.replaceAll("\\d+", "<n>");
    }
}
