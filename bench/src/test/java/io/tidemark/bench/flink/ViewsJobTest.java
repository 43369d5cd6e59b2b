package io.tidemark.bench.flink;

import io.tidemark.bench.flink.job.JobSettings;
import io.tidemark.core.report.Report;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.events.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.tidemark.bench.flink.BothSides.lines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink job on small hand-made inputs whose answers follow from docs/spec.md §2–§3 (the seed's and
 * docs/semantics.md's examples); each is also checked against Tidemark's handler path. Watermarks
 * after every event, so that which window fires before which record arrives is deterministic.
 */
class ViewsJobTest {

    private static BothSides sides;
    private static int ids;

    @BeforeAll
    static void startCluster() {
        sides = new BothSides(JobSettings.WatermarkCadence.PER_EVENT);
    }

    @AfterAll
    static void stopCluster() {
        sides.close();
    }

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-11-23T" + hhmmss + "Z");
    }

    private static String id() {
        return "e" + ++ids;
    }

    private static Event view(String user, String time) {
        return Event.pageView(id(), user, at(time), "/");
    }

    /** Runs both sides, checks they agree, and returns Flink's outcome. */
    private static FlinkRunner.Outcome both(List<byte[]> input) {
        FlinkRunner.Outcome flink = sides.flink(input);
        Report tidemark = sides.tidemark(input);
        assertThat(ReportDiff.between("tidemark", tidemark, "flink", flink.report()).firstDifference()).isNull();
        return flink;
    }

    @Test
    void eventsExactlyOneGapApartAreTwoSessionsAndOneMillisecondLessIsOne() {
        // Flink's TimeWindow.intersects is inclusive: with a plain 30 min gap these would merge.
        Report r = both(lines(view("u1", "10:00:00"), view("u2", "10:00:00"), view("u2", "10:29:59.999"),
                view("u1", "10:30:00"))).report();

        assertThat(r.sessions()).containsExactly(
                new Report.UserSession("u1", at("10:00:00"), at("10:00:00"), 1),
                new Report.UserSession("u2", at("10:00:00"), at("10:29:59.999"), 2),
                new Report.UserSession("u1", at("10:30:00"), at("10:30:00"), 1));
        assertThat(r.counts().late()).isZero();
    }

    @Test
    void seedExampleIsTwoSessions() {
        Report r = both(lines(view("u1", "10:00:00"), view("u1", "10:05:00"), view("u1", "10:15:00"),
                view("u1", "11:00:00"), view("u1", "11:20:00"), view("u1", "11:30:00"))).report();

        assertThat(r.sessions()).containsExactly(
                new Report.UserSession("u1", at("10:00:00"), at("10:15:00"), 3),
                new Report.UserSession("u1", at("11:00:00"), at("11:30:00"), 3));
    }

    @Test
    void anAllowedLateEventExtendsASessionThatAlreadyFired() {
        // u1's session [10:00, 10:20] fires once u2's 10:55 moves the watermark to 10:53; u1's 10:45 is
        // behind the watermark but after the horizon (10:43): it extends the fired session.
        FlinkRunner.Outcome o = both(lines(view("u1", "10:00:00"), view("u1", "10:20:00"), view("u2", "10:55:00"),
                view("u1", "10:45:00")));

        assertThat(o.report().sessions()).contains(new Report.UserSession("u1", at("10:00:00"), at("10:45:00"), 3));
        assertThat(o.report().sessions()).extracting(Report.UserSession::userId).containsOnly("u1", "u2").hasSize(2);
        assertThat(o.firings()).as("the session fired on time and again after the late event")
                .isGreaterThan(o.report().sessions().size() + o.report().activeUsers().size());
    }

    @Test
    void anAllowedLateEventUpdatesAFiredSlidingWindow() {
        // [10:00, 10:05) fires with u1 once u2's 10:09 moves the watermark to 10:07; u3's 10:04 is late
        // but allowed (horizon 9:57), so the window fires again with two users.
        Report r = both(lines(view("u1", "10:00:30"), view("u2", "10:09:00"), view("u3", "10:04:00"))).report();

        assertThat(r.activeUsers()).filteredOn(w -> w.windowStart().equals(at("10:00:00")))
                .containsExactly(new Report.ActiveUsersWindow(at("10:00:00"), at("10:05:00"), 2));
        assertThat(r.counts()).isEqualTo(new Report.Counts(3, 0, 0, 0));
    }

    @Test
    void lateIsDecidedAtTheHorizonWatermarkMinusAllowedLateness() {
        // docs/semantics.md: after e2@10:25, W = 10:23 and H = 10:13; 10:13 is accepted, 10:12:59.999 is late.
        Report r = both(lines(view("u1", "10:00:00"), view("u1", "10:25:00"), view("u2", "10:13:00"),
                view("u3", "10:12:59.999"))).report();

        assertThat(r.counts()).isEqualTo(new Report.Counts(3, 0, 0, 1));
        assertThat(r.sessions()).extracting(Report.UserSession::userId).doesNotContain("u3");
    }

    @Test
    void anOrderCountsOnceEverAndARepeatedEventIdIsDropped() {
        Event purchase = Event.purchase(id(), "u1", at("10:10:00"), "o1", new BigDecimal("19.99"), "USD");
        Event sameOrderNewId = Event.purchase(id(), "u1", at("10:10:00"), "o1", new BigDecimal("19.99"), "USD");
        Event other = Event.purchase(id(), "u2", at("10:50:00"), "o2", new BigDecimal("0.01"), "USD");
        Report r = both(lines(purchase, purchase, sameOrderNewId, other)).report();

        assertThat(r.revenuePerHour()).containsExactly(
                new Report.RevenueWindow(at("10:00:00"), at("11:00:00"), new BigDecimal("20.00"), 2));
        assertThat(r.counts()).isEqualTo(new Report.Counts(3, 1, 0, 0));
    }

    @Test
    void cartEventsRunInEventTimeOrderWhateverTheArrivalOrder() {
        // docs/semantics.md: the purchase arrives before the add that opened the cart: converted, no alert.
        Report converted = both(lines(Event.purchase(id(), "u1", at("10:20:00"), "o1", new BigDecimal("5.00"), "USD"),
                Event.addToCart(id(), "u1", at("10:19:00"), "p1", 1))).report();
        assertThat(converted.cartAbandonments()).isEmpty();
    }

    @Test
    void anAddAtTheDeadlineOpensANewCartAndProductsAreByNetQuantity() {
        Report r = both(lines(
                Event.addToCart(id(), "u1", at("10:00:00"), "p2", 2),
                Event.addToCart(id(), "u1", at("10:01:00"), "p1", 1),
                Event.removeFromCart(id(), "u1", at("10:02:00"), "p2", 2),
                Event.addToCart(id(), "u1", at("10:32:00"), "p3", 1))).report(); // exactly last_activity + 30 min

        assertThat(r.cartAbandonments()).containsExactly(
                new Report.Abandonment(CartAbandonment.alertIdFor("u1", at("10:00:00")), "u1", at("10:00:00"), at("10:02:00"), List.of("p1")),
                new Report.Abandonment(CartAbandonment.alertIdFor("u1", at("10:32:00")), "u1", at("10:32:00"), at("10:32:00"), List.of("p3")));
    }

    @Test
    void eventsAtTheSameInstantRunInArrivalOrder() {
        // A purchase and an add at 10:10: purchase first closes cart 1 and the add opens cart 2 (abandoned
        // at end of input); add first, then purchase, converts the only cart.
        Report purchaseFirst = both(lines(Event.addToCart(id(), "u1", at("10:00:00"), "p1", 1),
                Event.purchase(id(), "u1", at("10:10:00"), "o1", new BigDecimal("1.00"), "USD"),
                Event.addToCart(id(), "u1", at("10:10:00"), "p2", 1))).report();
        Report addFirst = both(lines(Event.addToCart(id(), "u1", at("10:00:00"), "p1", 1),
                Event.addToCart(id(), "u1", at("10:10:00"), "p2", 1),
                Event.purchase(id(), "u1", at("10:10:00"), "o2", new BigDecimal("1.00"), "USD"))).report();

        assertThat(purchaseFirst.cartAbandonments()).extracting(Report.Abandonment::cartOpened).containsExactly(at("10:10:00"));
        assertThat(addFirst.cartAbandonments()).isEmpty();
    }

    @Test
    void invalidRecordsAreRejectedAlikeOnBothSides() {
        // The last four are the records on which the Kinesis handler's own decoder once disagreed with
        // the contract's EventValidator (the difference this comparison found).
        String base = "\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00:00.000Z\"";
        List<byte[]> input = new ArrayList<>(lines(view("u1", "10:00:00")));
        for (String bad : List.of(
                "not json",
                "{\"event_id\":\"x1\"," + base + ",\"type\":\"purchase\",\"order_id\":\"o\",\"amount\":-3}",
                "{\"event_id\":\"x2\"," + base + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":null}",
                "{\"event_id\":\"x3\"," + base + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":2000000}",
                "{\"event_id\":\"x4\"," + base + ",\"type\":\"purchase\",\"order_id\":\"o\",\"amount\":1.5,\"currency\":null}",
                "{\"event_id\":\"x5\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-23T10:00Z\",\"type\":\"page_view\",\"page\":\"/\"}")) {
            input.add(bad.getBytes(StandardCharsets.UTF_8));
        }
        input.add(("{\"event_id\":\"x6\"," + base + ",\"type\":\"add_to_cart\",\"product_id\":\"p1\",\"quantity\":2.0}")
                .getBytes(StandardCharsets.UTF_8));

        Report r = both(input).report();

        assertThat(r.counts()).isEqualTo(new Report.Counts(2, 0, 6, 0));
        assertThat(r.cartAbandonments()).singleElement().satisfies(a -> assertThat(a.products()).containsExactly("p1"));
    }
}
