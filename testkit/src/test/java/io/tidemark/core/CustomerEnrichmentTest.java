package io.tidemark.core;

import io.tidemark.core.enrich.Customer;
import io.tidemark.core.enrich.InMemoryCustomerDirectory;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.codec.ShardStateCodec;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.state.codec.StepLogCodec;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.tidemark.testkit.Times.at;
import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;

/** The stream-table join: purchases enriched with the customer's tier on the way in, the tier logged with the step. */
class CustomerEnrichmentTest {

    private final ShardProcessor processor = new ShardProcessor(CoreSettings.defaults());
    private final InMemoryOrderArchive claims = new InMemoryOrderArchive();
    private final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory(List.of(
            new Customer("u1", "gold", "eu-west"), new Customer("u2", "silver", null)));
    private long sequence;

    private StreamRecord record(Event e) {
        return StreamRecord.valid(Long.toString(++sequence), e.userId(), e.eventTimeMillis(), e);
    }

    private static Event purchase(String id, String user, String time, String order, String amount) {
        return Event.purchase(id, user, at(time), order, new BigDecimal(amount), "USD");
    }

    private static Map<String, TierRevenue> byTier(ShardState state) {
        return state.pages().stream().filter(p -> p.pageStartMillis() == ms("10:00")).findFirst().map(HourPage::revenueByTier).orElseThrow();
    }

    @Test
    void eachCountedOrderCountsUnderItsCustomersTierAndAnUnknownCustomerUnderUnknown() {
        ShardState state = processor.newState("shardId-000000000000");
        List<StreamRecord> records = List.of(record(purchase("p1", "u1", "10:01", "o-1", "20.00")),
                record(purchase("p2", "u2", "10:02", "o-2", "5.50")),
                record(purchase("p3", "stranger", "10:03", "o-3", "1.25")),
                record(purchase("p4", "u1", "10:04", "o-1", "99.00")), // o-1 again: counts nowhere
                record(Event.pageView("v1", "u3", at("10:05"), "/")));

        StepLog log = processor.step(state, records, WatermarkInputs.at(1), claims, customers).log();

        assertThat(byTier(state)).containsExactly(
                Map.entry("gold", new TierRevenue(new BigDecimal("20.00"), 1)),
                Map.entry("silver", new TierRevenue(new BigDecimal("5.50"), 1)),
                Map.entry(Customer.UNKNOWN_TIER, new TierRevenue(new BigDecimal("1.25"), 1)));
        assertThat(log.accepted()).extracting(AcceptedEvent::customerTier).containsExactly("gold", "silver", "unknown", null, null);
        assertThat(customers.lookups()).as("one lookup per purchasing user, none for the page view").isEqualTo(3);
    }

    @Test
    void aReplayUsesTheLoggedTierEvenIfTheCustomersTableChangedSince() {
        ShardState live = processor.newState("shardId-000000000000");
        ShardState replica = ShardStateCodec.copy(live);
        StepLog log = processor.step(live, List.of(record(purchase("p1", "u1", "10:01", "o-1", "20.00"))), WatermarkInputs.at(1), claims,
                customers).log();
        byte[] entry = StepLogCodec.encode(log);

        customers.put(new Customer("u1", "bronze", "eu-west")); // the table moves on after the step committed
        processor.replay(replica, StepLogCodec.decode(entry));

        assertThat(byTier(replica)).containsOnlyKeys("gold");
        assertThat(ShardStateCodec.encode(replica)).isEqualTo(ShardStateCodec.encode(live));
    }

    @Test
    void withoutACustomersTableEveryOrderIsUnknownAndNothingIsDropped() {
        ShardState state = processor.newState("shardId-000000000000");

        processor.step(state, List.of(record(purchase("p1", "u1", "10:01", "o-1", "20.00")),
                record(purchase("p2", "u2", "10:02", "o-2", "0"))), WatermarkInputs.at(1), claims);

        assertThat(byTier(state)).containsExactly(Map.entry(Customer.UNKNOWN_TIER, new TierRevenue(new BigDecimal("20.00"), 2)));
    }
}
