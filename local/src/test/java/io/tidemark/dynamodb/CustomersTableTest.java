package io.tidemark.dynamodb;

import io.tidemark.config.CustomerCacheSettings;
import io.tidemark.config.Table;
import io.tidemark.config.TableNames;
import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.InMemoryCustomerDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The customers table on the embedded store: batched loads and lookups, unprocessed items retried, the per-container cache. */
class CustomersTableTest {

    private static final UnprocessedRetry FAST = new UnprocessedRetry(10, Duration.ofMillis(1), Duration.ofMillis(5));

    private TableNames tables;
    private StateStore store;

    @BeforeEach
    void setUp() {
        tables = TestStores.freshTables("customers");
        store = TestStores.store(tables);
    }

    private static List<Customer> customers(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Customer("user-" + i, i % 3 == 0 ? "gold" : "silver", i % 4 == 0 ? null : "eu-west"))
                .toList();
    }

    @Test
    void aLoadWritesEveryCustomerInBatchesOf25AndLookupsReadThemBackInBatchesOf100() {
        List<Long> progress = new ArrayList<>();
        CustomerTable.LoadStats stats = store.customers().load(customers(260).iterator(), 1_000, progress::add);

        assertThat(stats.customers()).isEqualTo(260);
        assertThat(stats.batches()).isEqualTo(11);
        assertThat(stats.writeUnits()).isEqualTo(260.0);
        assertThat(progress).startsWith(25L, 50L).endsWith(260L).hasSize(11);

        List<String> wanted = new ArrayList<>();
        IntStream.range(0, 230).forEach(i -> wanted.add("user-" + i));
        wanted.add("stranger");
        wanted.add("user-3"); // asked twice
        Map<String, Customer> found = store.customers().lookup(wanted);

        assertThat(found).hasSize(230).doesNotContainKey("stranger");
        assertThat(found.get("user-3")).isEqualTo(new Customer("user-3", "gold", "eu-west"));
        assertThat(found.get("user-4")).isEqualTo(new Customer("user-4", "silver", null));
        assertThat(store.customers().tiers(List.of("user-0", "stranger"))).containsExactly(Map.entry("user-0", "gold"),
                Map.entry("stranger", Customer.UNKNOWN_TIER));
    }

    @Test
    void loadingAgainReplacesProfiles() {
        store.customers().load(List.of(new Customer("u1", "silver", null)).iterator(), 1, n -> { });
        store.customers().load(List.of(new Customer("u1", "gold", "us-east")).iterator(), 2, n -> { });

        assertThat(store.customers().lookup(List.of("u1"))).containsExactly(Map.entry("u1", new Customer("u1", "gold", "us-east")));
    }

    @Test
    void unprocessedItemsAndKeysOfAThrottledTableAreRetriedUntilDone() {
        ThrottlingItemStore throttled = new ThrottlingItemStore(TestStores.items(tables), 7, 6);
        StateStore slow = StateStore.on(throttled);

        CustomerTable.LoadStats stats = slow.customers(FAST).load(customers(60).iterator(), 1, n -> { });
        assertThat(stats.customers()).isEqualTo(60);
        assertThat(stats.retriedItems()).isPositive();
        assertThat(store.customers().lookup(customers(60).stream().map(Customer::userId).toList())).hasSize(60);

        ThrottlingItemStore throttledReads = new ThrottlingItemStore(TestStores.items(tables), 7, 4);
        Map<String, Customer> found = StateStore.on(throttledReads).customers(FAST)
                .lookup(customers(60).stream().map(Customer::userId).toList());
        assertThat(found).hasSize(60);
        assertThat(throttledReads.batchCalls()).isEqualTo(5); // 7 + 7 + 7 + 7 keys, then the remaining 32 in one go
    }

    @Test
    void aTableThatStaysThrottledFailsWithAnSdkErrorNamingTheTable() {
        store.customers().load(customers(10).iterator(), 1, n -> { });
        ThrottlingItemStore stuck = new ThrottlingItemStore(TestStores.items(tables), 0, Integer.MAX_VALUE);
        CustomerTable table = StateStore.on(stuck).customers(new UnprocessedRetry(3, Duration.ZERO, Duration.ZERO));

        assertThatThrownBy(() -> table.lookup(List.of("user-1", "user-2"))).isInstanceOf(UnprocessedRetry.ExhaustedException.class)
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class)
                .hasMessageContaining(tables.of(Table.CUSTOMERS)).hasMessageContaining("2 keys still unprocessed after 3");
        assertThatThrownBy(() -> table.load(customers(3).iterator(), 1, n -> { }))
                .hasMessageContaining("3 items still unprocessed").hasMessageContaining("run the load again");
    }

    @Test
    void anItemWithoutAValidTierReadsAsAnUnknownCustomer() {
        store.customers().load(List.of(new Customer("u1", "gold", null)).iterator(), 1, n -> { });
        store.items().put(Table.CUSTOMERS, Map.of(
                "pk", AttributeValues.s(CustomerTable.pk("u2")), "sk", AttributeValues.s(CustomerTable.SORT_KEY), "user_id", AttributeValues.s("u2")));

        assertThat(store.customers().tiers(List.of("u1", "u2"))).containsExactly(Map.entry("u1", "gold"), Map.entry("u2", "unknown"));
    }

    @Test
    void theCacheAsksTheTableOncePerCustomerWithinItsTtlUnknownCustomersIncluded() {
        InMemoryCustomerDirectory table = new InMemoryCustomerDirectory(List.of(new Customer("u1", "gold", null)));
        AtomicLong nanos = new AtomicLong();
        LongSupplier ticker = nanos::get;
        CachingCustomerDirectory cache = new CachingCustomerDirectory(table, new CustomerCacheSettings(1_000, Duration.ofMinutes(5)), ticker);

        assertThat(cache.tiers(List.of("u1", "stranger"))).containsExactly(Map.entry("u1", "gold"), Map.entry("stranger", "unknown"));
        assertThat(cache.tiers(List.of("u1", "stranger", "u1"))).containsExactly(Map.entry("u1", "gold"), Map.entry("stranger", "unknown"));
        assertThat(table.lookups()).isEqualTo(2);
        assertThat(cache.hits()).isEqualTo(2);

        table.put(new Customer("u1", "platinum", null));
        table.put(new Customer("stranger", "silver", null));
        nanos.addAndGet(Duration.ofMinutes(5).minusNanos(1).toNanos());
        assertThat(cache.tiers(List.of("u1", "stranger"))).as("within the TTL").containsEntry("u1", "gold").containsEntry("stranger", "unknown");
        nanos.addAndGet(1);
        assertThat(cache.tiers(List.of("u1", "stranger"))).as("after the TTL").containsEntry("u1", "platinum").containsEntry("stranger", "silver");
        assertThat(table.lookups()).isEqualTo(4);
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        InMemoryCustomerDirectory table = new InMemoryCustomerDirectory(List.of(new Customer("u1", "gold", null)));
        CachingCustomerDirectory cache = new CachingCustomerDirectory(table, new CustomerCacheSettings(1_000, Duration.ZERO));

        cache.tiers(List.of("u1"));
        cache.tiers(List.of("u1"));

        assertThat(table.lookups()).isEqualTo(2);
    }
}
