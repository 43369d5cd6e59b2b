package io.tidemark.core.history;

import io.tidemark.core.view.ViewSettings;
import io.tidemark.events.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's event-sourcing principle on a cart. Its bank account: 0 + 100 − 30 + 50 = 120, and the
 * balance at any point is the replay of the events before it. The cart: add p1, add p2, remove p1,
 * purchase — and the cart as of every instant is what those events say.
 */
class UserHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static final List<Event> CART = List.of(
            Event.addToCart("e1", "u1", at(0), "p1", 1),
            Event.addToCart("e2", "u1", at(5), "p2", 1),
            Event.removeFromCart("e3", "u1", at(10), "p1", 1),
            Event.purchase("e4", "u1", at(15), "o1", new BigDecimal("19.90"), "USD"));

    private static CartAsOf cartAt(List<Event> events, Instant t) {
        return new UserHistory("u1", events, ViewSettings.spec()).cartAsOf(t);
    }

    @Test
    void theCartAsOfEachInstantIsWhatTheEventsBeforeItSay() {
        assertThat(cartAt(CART, at(0).minusMillis(1)).carts()).isEmpty();
        assertThat(cartAt(CART, at(0)).open().orElseThrow().quantities()).isEqualTo(Map.of("p1", 1));
        assertThat(cartAt(CART, at(4)).open().orElseThrow().quantities()).isEqualTo(Map.of("p1", 1));
        CartEpisode two = cartAt(CART, at(5)).open().orElseThrow();
        assertThat(two.quantities()).isEqualTo(Map.of("p1", 1, "p2", 1));
        assertThat(two.opened()).isEqualTo(at(0));
        assertThat(two.lastActivity()).isEqualTo(at(5));
        assertThat(two.deadline()).isEqualTo(at(35));
        assertThat(cartAt(CART, at(10)).open().orElseThrow().quantities()).as("p1 removed").isEqualTo(Map.of("p2", 1));

        CartAsOf bought = cartAt(CART, at(15));
        assertThat(bought.open()).isEmpty();
        assertThat(bought.eventsApplied()).isEqualTo(4);
        assertThat(bought.carts()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(CartEpisode.Outcome.CONVERTED);
            assertThat(c.closedAt()).isEqualTo(at(15));
            assertThat(c.quantities()).isEqualTo(Map.of("p2", 1));
            assertThat(c.alertId()).isNull();
        });
        assertThat(cartAt(CART, at(120)).carts()).as("a purchased cart stays purchased").isEqualTo(bought.carts());
    }

    @Test
    void withoutThePurchaseTheCartIsAbandonedExactlyAtItsDeadlineWithThePipelinesAlertId() {
        List<Event> noPurchase = CART.subList(0, 3);
        assertThat(cartAt(noPurchase, at(40).minusMillis(1)).open()).as("open until last activity + 30 min").isPresent();
        CartAsOf after = cartAt(noPurchase, at(40));
        assertThat(after.open()).isEmpty();
        assertThat(after.carts()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(CartEpisode.Outcome.ABANDONED);
            assertThat(c.closedAt()).isEqualTo(at(40));
            assertThat(c.quantities()).isEqualTo(Map.of("p2", 1));
            assertThat(c.alertId()).isEqualTo(io.tidemark.core.view.CartAbandonment.alertIdFor("u1", at(0)));
        });
    }

    @Test
    void arrivalOrderDoesNotMatterButRepeatedEventIdsCountOnce() {
        List<Event> shuffled = List.of(CART.get(3), CART.get(1), CART.get(0), CART.get(0), CART.get(2));
        for (int minute : new int[] {0, 5, 10, 15, 60}) {
            assertThat(cartAt(shuffled, at(minute))).as("as of +%d min", minute).isEqualTo(cartAt(CART, at(minute)));
        }
        List<Event> addedTwice = List.of(CART.get(0), Event.addToCart("e1", "u1", at(1), "p1", 1));
        assertThat(cartAt(addedTwice, at(2)).open().orElseThrow().quantities()).isEqualTo(Map.of("p1", 1));
    }

    @Test
    void sessionsAsOfAnInstantMergeAndCloseAsTheEventsSay() {
        List<Event> events = List.of(
                Event.pageView("s1", "u1", at(0), "/"),
                Event.pageView("s2", "u1", at(15), "/p"),
                Event.pageView("s3", "u1", at(60), "/"),
                Event.pageView("s4", "u1", at(90), "/"),
                Event.pageView("other", "u2", at(16), "/"));
        UserHistory history = new UserHistory("u1", events, ViewSettings.spec());
        SessionsAsOf at50 = history.sessionsAsOf(at(50));
        assertThat(at50.eventsApplied()).isEqualTo(2);
        assertThat(at50.sessions()).singleElement().satisfies(s -> {
            assertThat(s.sessionStart()).isEqualTo(at(0));
            assertThat(s.lastEvent()).isEqualTo(at(15));
            assertThat(s.events()).isEqualTo(2);
            assertThat(s.closed()).as("45 ≥ 30 min after its last event").isTrue();
        });
        SessionsAsOf at100 = history.sessionsAsOf(at(100));
        assertThat(at100.sessions()).as("60 and 90 are exactly 30 min apart: separate sessions").hasSize(3);
        assertThat(at100.sessions().get(1).closed()).isTrue();
        assertThat(at100.sessions().get(2).closed()).isFalse();
        assertThat(at100.sessions().get(2).closesAt()).isEqualTo(at(120));
        // A late event between two sessions merges them, as the pipeline's merging windows do.
        List<Event> withBridge = new java.util.ArrayList<>(events);
        withBridge.add(Event.pageView("bridge", "u1", at(40), "/"));
        assertThat(new UserHistory("u1", withBridge, ViewSettings.spec()).sessionsAsOf(at(50)).sessions()).singleElement()
                .satisfies(s -> assertThat(s.events()).isEqualTo(3));
    }
}
