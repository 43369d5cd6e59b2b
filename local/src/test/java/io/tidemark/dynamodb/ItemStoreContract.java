package io.tidemark.dynamodb;

import io.tidemark.config.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tidemark.dynamodb.AttributeValues.n;
import static io.tidemark.dynamodb.AttributeValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state port's contract, run against every implementation: conditional puts are atomic and
 * answer with the item that failed them, partitions read in sort-key order within a range, batches,
 * scans, write units as DynamoDB charges them. What the exactly-once protocol relies on.
 */
abstract class ItemStoreContract {

    protected ItemStore items;

    /** A port over the tables of a new prefix, tables created. */
    protected abstract ItemStore freshStore(String label);

    /** The port over tables that were never created. */
    protected abstract ItemStore storeWithoutTables(String label);

    @BeforeEach
    void setUp() {
        items = freshStore("port");
    }

    static Map<String, AttributeValue> item(String pk, String sk, Object... attributes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", s(sk));
        for (int i = 0; i < attributes.length; i += 2) {
            Object v = attributes[i + 1];
            item.put((String) attributes[i], v instanceof Long l ? n(l) : v instanceof Integer x ? n(x) : s((String) v));
        }
        return item;
    }

    @Test
    void anAbsentConditionWritesOnceAndAnswersWithTheItemThatIsThere() {
        assertThat(items.putIf(Table.STATE, item("a", "1", "v", "first"), PutCondition.absent()).written()).isTrue();
        ItemStore.PutOutcome second = items.putIf(Table.STATE, item("a", "1", "v", "second"), PutCondition.absent());
        assertThat(second.written()).isFalse();
        assertThat(second.existing().get("v").s()).isEqualTo("first");
        assertThat(items.get(Table.STATE, "a", "1").get("v").s()).isEqualTo("first");
        assertThat(items.putIf(Table.STATE, item("a", "2", "v", "other sort key"), PutCondition.absent()).written()).isTrue();
        assertThat(items.meter().snapshot().failedConditions()).isEqualTo(1);
    }

    @Test
    void aMonotonicRowMovesOnlyForward() {
        assertThat(items.putIf(Table.VIEWS, item("p", "s", "commit", 5L), PutCondition.absentOrBelow("commit", 5)).written()).isTrue();
        assertThat(items.putIf(Table.VIEWS, item("p", "s", "commit", 5L), PutCondition.absentOrBelow("commit", 5)).written()).as("equal").isFalse();
        assertThat(items.putIf(Table.VIEWS, item("p", "s", "commit", 4L), PutCondition.absentOrBelow("commit", 4)).written()).as("older").isFalse();
        assertThat(items.putIf(Table.VIEWS, item("p", "s", "commit", 12L), PutCondition.absentOrBelow("commit", 12)).written()).as("newer").isTrue();
        assertThat(items.get(Table.VIEWS, "p", "s").get("commit").n()).isEqualTo("12");
    }

    @Test
    void aHoldsConditionTakesOverOnlyTheItemItSaw() {
        items.put(Table.STATE, item("order#o1", "claim", "claimed_by", "e1", "step", 3L));
        Map<String, AttributeValue> seen = Map.of("claimed_by", s("e1"), "step", n(3));
        assertThat(items.putIf(Table.STATE, item("order#o1", "claim", "claimed_by", "e2", "step", 4L), PutCondition.holds(Map.of(
                "claimed_by", s("e1"), "step", n(2)))).written()).as("another step").isFalse();
        assertThat(items.putIf(Table.STATE, item("order#o1", "claim", "claimed_by", "e2", "step", 4L), PutCondition.holds(seen)).written()).isTrue();
        assertThat(items.putIf(Table.STATE, item("order#o1", "claim", "claimed_by", "e3", "step", 5L), PutCondition.holds(seen)).written())
                .as("the item changed since").isFalse();
        assertThat(items.putIf(Table.STATE, item("order#o9", "claim", "claimed_by", "e3"), PutCondition.holds(Map.of("claimed_by", s("e1"))))
                .written()).as("no item").isFalse();
        assertThat(items.get(Table.STATE, "order#o1", "claim").get("claimed_by").s()).isEqualTo("e2");
    }

    @Test
    void conditionalPutsOnOneKeyAreAtomicUnderConcurrency() throws Exception {
        int keys = 40;
        AtomicInteger won = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int k = 0; k < keys; k++) {
                        if (items.putIf(Table.STATE, item("order#" + k, "claim", "claimed_by", "t" + thread), PutCondition.absent()).written()) {
                            won.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(won.get()).as("each key claimed by exactly one thread").isEqualTo(keys);
        assertThat(items.meter().snapshot().failedConditions()).isEqualTo(3L * keys);
    }

    @Test
    void aQueryReadsOnePartitionInSortKeyOrderWithinItsRangeAndCanStop() {
        for (String sk : List.of("log#03", "log#01", "snap#01", "log#02", "logpart#01", "a")) {
            items.put(Table.STATE, item("shard#1", sk));
        }
        items.put(Table.STATE, item("shard#2", "log#01"));
        assertThat(items.queryAll(Table.STATE, KeyQuery.partition("shard#1"))).extracting(i -> i.get("sk").s())
                .containsExactly("a", "log#01", "log#02", "log#03", "logpart#01", "snap#01");
        assertThat(items.queryAll(Table.STATE, KeyQuery.between("shard#1", "log#02", "log#~"))).extracting(i -> i.get("sk").s())
                .containsExactly("log#02", "log#03");
        assertThat(items.queryAll(Table.STATE, KeyQuery.between("shard#1", "log#", "log#~").descending())).extracting(i -> i.get("sk").s())
                .containsExactly("log#03", "log#02", "log#01");
        List<String> first = new ArrayList<>();
        items.query(Table.STATE, KeyQuery.partition("shard#1").descending(), i -> first.add(i.get("sk").s()) && first.size() < 2);
        assertThat(first).containsExactly("snap#01", "logpart#01");
        assertThat(items.queryAll(Table.STATE, KeyQuery.partition("shard#9"))).isEmpty();
    }

    @Test
    void batchesWriteAndReadManyItemsAndAScanSeesThemAll() {
        List<Map<String, AttributeValue>> batch = new ArrayList<>();
        for (int i = 0; i < ItemStore.MAX_BATCH_PUT; i++) {
            batch.add(item("customer#u" + i, "profile", "tier", "gold"));
        }
        assertThat(items.batchPut(Table.CUSTOMERS, batch)).isEmpty();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add(AttributeValues.key("customer#u" + i, "profile"));
        }
        ItemStore.BatchGetOutcome got = items.batchGet(Table.CUSTOMERS, keys);
        assertThat(got.items()).hasSize(ItemStore.MAX_BATCH_PUT).allMatch(i -> i.get("tier").s().equals("gold"));
        assertThat(got.unprocessed()).isEmpty();
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        items.scan(Table.CUSTOMERS, all::add);
        assertThat(all).hasSize(ItemStore.MAX_BATCH_PUT);
        assertThat(items.get(Table.CUSTOMERS, "customer#u99", "profile")).isNull();
    }

    @Test
    void writesAreChargedAsDynamoDbChargesThem() {
        WriteMeter.Units before = items.meter().snapshot();
        items.put(Table.STATE, item("k", "1", "data", "x".repeat(1500)));
        assertThat(items.meter().snapshot().minus(before).writeUnits()).as("1.5 KB: 2 units").isEqualTo(2.0);
        before = items.meter().snapshot();
        items.put(Table.STATE, item("k", "1", "data", "small"));
        assertThat(items.meter().snapshot().minus(before).writeUnits()).as("replacing a 1.5 KB item: charged by the larger").isEqualTo(2.0);
        before = items.meter().snapshot();
        items.putIf(Table.STATE, item("k", "1", "data", "y".repeat(5000)), PutCondition.absent());
        assertThat(items.meter().snapshot().minus(before).writeUnits()).as("failed: charged by the existing small item").isEqualTo(1.0);
    }

    @Test
    void aTableThatDoesNotExistIsResourceNotFound() {
        ItemStore missing = storeWithoutTables("missing");
        assertThatThrownBy(() -> missing.get(Table.STATE, "a", "b")).isInstanceOf(ResourceNotFoundException.class);
    }
}
