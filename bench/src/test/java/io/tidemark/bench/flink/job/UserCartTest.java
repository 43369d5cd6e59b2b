package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Flink job's per-user cart machine on its own (docs/spec.md §2.4). */
class UserCartTest {

    private static final long TIMEOUT = 30 * 60_000;

    private static long at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z").toEpochMilli();
    }

    private static Event add(String hhmm, String product, int quantity) {
        return Event.addToCart("a" + hhmm + product, "u1", Instant.ofEpochMilli(at(hhmm)), product, quantity);
    }

    private static Event remove(String hhmm, String product, int quantity) {
        return Event.removeFromCart("r" + hhmm + product, "u1", Instant.ofEpochMilli(at(hhmm)), product, quantity);
    }

    private static Event purchase(String hhmm) {
        return Event.purchase("p" + hhmm, "u1", Instant.ofEpochMilli(at(hhmm)), "o" + hhmm, BigDecimal.ONE, "USD");
    }

    @Test
    void onlyEventsBeforeTheHorizonRunAndTheyRunInEventTimeOrder() {
        UserCart cart = new UserCart();
        List<Report.Abandonment> alerts = new ArrayList<>();
        cart.buffer(purchase("10:20"));
        cart.buffer(add("10:00", "p1", 1));

        cart.settle("u1", at("10:10"), TIMEOUT, alerts::add); // the add has run, the purchase waits
        assertThat(cart.nextWake(TIMEOUT)).isEqualTo(at("10:20") + 1);
        cart.settle("u1", at("10:21"), TIMEOUT, alerts::add);

        assertThat(alerts).isEmpty();
        assertThat(cart.isIdle()).isTrue();
    }

    @Test
    void theDeadlineFiresAtTheHorizonWithTheNetProducts() {
        UserCart cart = new UserCart();
        List<Report.Abandonment> alerts = new ArrayList<>();
        cart.buffer(add("10:00", "p2", 1));
        cart.buffer(add("10:01", "p1", 3));
        cart.buffer(remove("10:02", "p1", 1));
        cart.buffer(remove("10:03", "p2", 1));

        cart.settle("u1", at("10:32"), TIMEOUT, alerts::add);
        assertThat(alerts).isEmpty();
        assertThat(cart.nextWake(TIMEOUT)).isEqualTo(at("10:33"));
        cart.settle("u1", at("10:33"), TIMEOUT, alerts::add);

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.products()).containsExactly("p1");
            assertThat(a.lastActivity()).isEqualTo(Instant.ofEpochMilli(at("10:03")));
        });
        assertThat(cart.isIdle()).isTrue();
    }

    @Test
    void aRemoveOrPurchaseWithoutACartDoesNothing() {
        UserCart cart = new UserCart();
        List<Report.Abandonment> alerts = new ArrayList<>();
        cart.buffer(remove("10:00", "p1", 1));
        cart.buffer(purchase("10:01"));

        cart.settle("u1", Long.MAX_VALUE, TIMEOUT, alerts::add);

        assertThat(alerts).isEmpty();
        assertThat(cart.isIdle()).isTrue();
    }
}
