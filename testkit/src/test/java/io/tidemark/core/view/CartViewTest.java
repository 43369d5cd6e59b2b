package io.tidemark.core.view;

import io.tidemark.events.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.tidemark.testkit.Times.at;
import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/spec.md §2.4, rule by rule. Inputs are fed with arrival numbers; {@code settle} runs the machine up to a horizon. */
class CartViewTest {

    private final CartView view = new CartView(Duration.ofMinutes(30));
    private final CartState cart = new CartState();
    private final List<CartAbandonment> alerts = new ArrayList<>();
    private long arrivals;

    private void add(String time, String product, int quantity) {
        view.accept(cart, new CartInput(ms(time), ++arrivals, EventType.ADD_TO_CART, product, quantity));
    }

    private void remove(String time, String product, int quantity) {
        view.accept(cart, new CartInput(ms(time), ++arrivals, EventType.REMOVE_FROM_CART, product, quantity));
    }

    private void purchase(String time) {
        view.accept(cart, new CartInput(ms(time), ++arrivals, EventType.PURCHASE, null, 0));
    }

    private void settle(String horizon) {
        view.settle(cart, "u1", ms(horizon), alerts::add);
    }

    @Test
    void anAddOpensACartAndThirtyQuietMinutesAbandonItOnce() {
        add("10:00", "p1", 1);
        add("10:10", "p2", 1);

        settle("10:39:59.999");
        assertThat(alerts).isEmpty();
        assertThat(cart.hasOpenCart()).isTrue();

        settle("10:40");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.cartOpened()).isEqualTo(at("10:00"));
            assertThat(a.lastActivity()).isEqualTo(at("10:10"));
            assertThat(a.abandonedAt()).isEqualTo(at("10:40"));
            assertThat(a.products()).containsExactly("p1", "p2");
        });
        settle("12:00");
        assertThat(alerts).hasSize(1);
        assertThat(cart.isEmpty()).isTrue();
    }

    @Test
    void aPurchaseBeforeTheDeadlineConvertsTheCart() {
        add("10:00", "p1", 1);
        purchase("10:29:59.999");

        settle("23:00");

        assertThat(alerts).isEmpty();
        assertThat(cart.isEmpty()).isTrue();
    }

    @Test
    void aPurchaseAtTheDeadlineIsTooLateTheCartWasAbandonedAtThatInstant() {
        add("10:00", "p1", 1);
        purchase("10:30");

        settle("23:00");

        assertThat(alerts).hasSize(1);
    }

    @Test
    void anAddAtOrAfterTheDeadlineOpensANewCart() {
        add("10:00", "p1", 1);
        add("10:30", "p2", 1); // exactly at the deadline

        settle("23:00");

        assertThat(alerts).extracting(CartAbandonment::cartOpened).containsExactly(at("10:00"), at("10:30"));
        assertThat(alerts).extracting(CartAbandonment::products).containsExactly(List.of("p1"), List.of("p2"));
    }

    @Test
    void removeAndPurchaseWithoutAnOpenCartDoNothing() {
        remove("10:00", "p1", 1);
        purchase("10:05");
        add("10:10", "p1", 1);

        settle("23:00");

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.cartOpened()).isEqualTo(at("10:10"));
            assertThat(a.products()).containsExactly("p1");
        });
    }

    @Test
    void productsAreThoseWithNetQuantityAboveZeroSorted() {
        add("10:00", "p9", 2);
        add("10:01", "p1", 1);
        add("10:02", "p5", 1);
        remove("10:03", "p9", 1); // p9: 1 left
        remove("10:04", "p5", 1); // p5: 0
        remove("10:05", "p7", 3); // p7: -3, never added

        settle("23:00");

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.products()).containsExactly("p1", "p9");
            assertThat(a.lastActivity()).isEqualTo(at("10:05"));
        });
    }

    @Test
    void aRemoveExtendsTheCartLikeAnAdd() {
        add("10:00", "p1", 2);
        remove("10:25", "p1", 1);
        purchase("10:50"); // 25 min after the remove: still converts

        settle("23:00");

        assertThat(alerts).isEmpty();
    }

    @Test
    void tiesInEventTimeGoByArrivalOrder() {
        add("10:00", "p1", 1);
        purchase("10:00"); // arrived after the add: converts
        settle("23:00");
        assertThat(alerts).isEmpty();

        purchase("11:00"); // arrived before the add at the same instant: no cart yet
        add("11:00", "p2", 1);
        settle("23:59");
        assertThat(alerts).singleElement().extracting(CartAbandonment::cartOpened).isEqualTo(at("11:00"));
    }

    @Test
    void outOfOrderInputsAreBufferedUntilTheHorizonPassesThem() {
        purchase("10:20"); // arrives first, happened last
        add("10:00", "p1", 1);

        settle("10:10"); // only the add is settled; the purchase waits
        assertThat(cart.hasOpenCart()).isTrue();
        assertThat(cart.pending()).hasSize(1);

        settle("23:00");
        assertThat(alerts).isEmpty(); // event-time order: add then purchase, converted
    }

    @Test
    void nextWakeIsJustPastTheFirstBufferedInputOrTheDeadline() {
        add("10:00", "p1", 1);
        assertThat(view.nextWake(cart)).isEqualTo(ms("10:00") + 1);

        settle("10:00:00.001");
        assertThat(view.nextWake(cart)).isEqualTo(ms("10:30"));
    }

    @Test
    void theAlertIdIsANameBasedUuidOfUserAndCartOpening() {
        String id = CartAbandonment.alertIdFor("u1", at("10:00"));

        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(CartAbandonment.alertIdFor("u1", at("10:00"))).isEqualTo(id);
        assertThat(CartAbandonment.alertIdFor("u2", at("10:00"))).isNotEqualTo(id);
        assertThat(CartAbandonment.alertIdFor("u1", at("10:00:00.001"))).isNotEqualTo(id);
    }
}
