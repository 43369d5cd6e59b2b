package io.tidemark.core.state;

import io.tidemark.core.InMemoryOrderClaims;
import io.tidemark.core.ShardProcessor;
import io.tidemark.core.StepResult;
import io.tidemark.core.settings.CoreSettings;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.stream.WatermarkInputs;
import io.tidemark.events.Event;
import io.tidemark.core.report.Report;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.window.TimeWindow;
import io.tidemark.testkit.ReferencePipeline;
import io.tidemark.testkit.SyntheticTraffic;
import io.tidemark.testkit.Times;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link UserViews} on its own (as {@code ViewsBenchmark} drives it) gives the views of the brute-force
 * {@link ReferencePipeline}: compared with an implementation that shares none of its code (comparing it with
 * {@link ShardState}'s effects would compare it with itself, since the shard step calls the same views).
 */
class UserViewsTest {

    private static final String SHARD = "shardId-000000000000";
    private final CoreSettings settings = CoreSettings.defaults();

    @Test
    void theAcceptedEventsOfEachStepGiveTheReferenceViews() {
        ShardProcessor processor = new ShardProcessor(settings);
        ShardState state = processor.newState(SHARD);
        InMemoryOrderClaims claims = new InMemoryOrderClaims();
        UserViews views = new UserViews(settings.views());
        ShardClock clock = new ShardClock(settings.eventTime());
        List<StreamRecord> records = SyntheticTraffic.generate(new SyntheticTraffic.Options(7, 300, 6_000,
                Instant.parse("2026-11-23T10:00:00Z"), Duration.ofMinutes(90), Duration.ofSeconds(40), 0.02, 0.01, 0.1, false));
        long now = 1_800_000_000_000L;
        long arrival = 1;
        List<ClosedSession> sessions = new ArrayList<>();
        List<CartAbandonment> alerts = new ArrayList<>();
        Map<Long, HourPage> pages = new TreeMap<>();
        for (int i = 0; i <= records.size(); i += 250) {
            List<StreamRecord> batch = records.subList(i, Math.min(records.size(), i + 250));
            now += 600;
            WatermarkInputs inputs = i + 250 > records.size() ? WatermarkInputs.at(now).withEndOfInput() : WatermarkInputs.at(now);
            StepResult step = processor.step(state, batch, inputs, claims);
            StepLog log = step.log();

            clock.startStep(SHARD, inputs, log.records() > 0);
            views.accept(log.accepted(), clock, arrival);
            arrival += log.accepted().size();
            clock.endStep(inputs);
            UserViews.Settled settled = views.settle(clock.horizon());

            views.drainChanged().forEach(page -> pages.put(page.pageStartMillis(), page));
            sessions.addAll(settled.closedSessions());
            alerts.addAll(settled.alerts());
            views.dropFinal(clock.horizon());
        }
        Report reference = ReferencePipeline.run(records);
        assertThat(reference.counts().late()).as("disorder within the watermark delay").isZero();
        assertThat(alerts).as("the traffic abandons carts").isNotEmpty();

        sessions.sort(ClosedSession.REPORT_ORDER);
        assertThat(sessions).extracting(x -> new Report.UserSession(x.userId(), x.sessionStart(), x.lastEvent(), x.events()))
                .isEqualTo(reference.sessions());
        alerts.sort(CartAbandonment.REPORT_ORDER);
        assertThat(alerts).extracting(a -> new Report.Abandonment(a.alertId(), a.userId(), a.cartOpened(), a.lastActivity(), a.products()))
                .isEqualTo(reference.cartAbandonments());
        List<Report.RevenueWindow> revenue = new ArrayList<>();
        List<Report.ActiveUsersWindow> active = new ArrayList<>();
        for (HourPage page : pages.values()) {
            if (page.orders() > 0) {
                Instant start = Instant.ofEpochMilli(page.pageStartMillis());
                revenue.add(new Report.RevenueWindow(start, start.plus(Duration.ofHours(1)), page.revenue(), page.orders()));
            }
            for (int w = 0; w < page.activeUserWindowCount(); w++) {
                if (page.activeUsers(w) > 0) {
                    TimeWindow window = page.activeUserWindow(w);
                    active.add(new Report.ActiveUsersWindow(Instant.ofEpochMilli(window.start()), Instant.ofEpochMilli(window.end()),
                            page.activeUsers(w)));
                }
            }
        }
        assertThat(revenue).isEqualTo(reference.revenuePerHour());
        active.sort(java.util.Comparator.comparing(Report.ActiveUsersWindow::windowStart));
        assertThat(active).isEqualTo(reference.activeUsers());
        assertThat(views.userCount()).as("end of input settles every user").isZero();
        assertThat(views.pages()).isEmpty();
    }

    @Test
    void anEventBeforeTheHorizonIsRefused() {
        UserViews views = new UserViews(settings.views());
        ShardClock clock = new ShardClock(settings.eventTime());
        clock.startStep(SHARD, WatermarkInputs.at(1), true);
        views.accept(pageViewAt("12:00"), clock, 1); // W = 11:58, H = 11:48

        assertThatThrownBy(() -> views.accept(pageViewAt("11:47:59"), clock, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the horizon 2026-11-23T11:48:00Z");
        assertThat(views.user("u1").sessions()).as("the refused event changed nothing").hasSize(1);
        assertThat(views.user("u1").sessions().get(0).events()).isEqualTo(1);
    }

    private static List<AcceptedEvent> pageViewAt(String clock) {
        return List.of(AcceptedEvent.uncounted(Event.pageView("e-" + clock, "u1", Times.at(clock), "/home"), "u1"));
    }
}
