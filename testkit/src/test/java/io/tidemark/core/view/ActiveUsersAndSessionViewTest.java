package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.window.Session;
import io.tidemark.core.window.TimeWindow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tidemark.testkit.Times.at;
import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;

class ActiveUsersAndSessionViewTest {

    private final ViewSettings spec = ViewSettings.spec();
    private final ActiveUsersView activeUsers = new ActiveUsersView(spec.activeUsers());
    private final Pages pages = new Pages(spec);

    private int usersIn(String windowStart) {
        long start = ms(windowStart);
        for (HourPage page : pages.all()) {
            for (int i = 0; i < page.activeUserWindowCount(); i++) {
                if (page.activeUserWindow(i).start() == start) {
                    return page.activeUsers(i);
                }
            }
        }
        return 0;
    }

    @Test
    void aUserCountsOnceInEachOfTheFiveWindowsOfItsEvent() {
        ActivityState u1 = new ActivityState();

        activeUsers.accept(u1, ms("10:04:30"), Timestamps.NEGATIVE_INFINITY, pages);
        activeUsers.accept(u1, ms("10:04:40"), Timestamps.NEGATIVE_INFINITY, pages); // same minute: nothing new
        activeUsers.accept(u1, ms("10:02:10"), Timestamps.NEGATIVE_INFINITY, pages); // out of order, overlapping windows

        assertThat(usersIn("09:58")).isEqualTo(1);
        assertThat(usersIn("10:00")).isEqualTo(1);
        assertThat(usersIn("10:02")).isEqualTo(1);
        assertThat(usersIn("10:04")).isEqualTo(1);
        assertThat(usersIn("10:05")).isZero();
        assertThat(usersIn("09:57")).isZero();
    }

    @Test
    void distinctUsersAddUp() {
        ActivityState u1 = new ActivityState();
        ActivityState u2 = new ActivityState();

        activeUsers.accept(u1, ms("10:00:10"), Timestamps.NEGATIVE_INFINITY, pages);
        activeUsers.accept(u2, ms("10:03:00"), Timestamps.NEGATIVE_INFINITY, pages);
        activeUsers.accept(u1, ms("10:03:59"), Timestamps.NEGATIVE_INFINITY, pages);

        assertThat(usersIn("09:56")).isEqualTo(1); // [09:56, 10:01): u1 only
        assertThat(usersIn("09:59")).isEqualTo(2); // [09:59, 10:04): both
        assertThat(usersIn("10:01")).isEqualTo(2);
        assertThat(usersIn("10:03")).isEqualTo(2);
    }

    @Test
    void windowsOfOneHourLiveInOnePageThatIsFinalWhenNothingInItCanChangeAnyMore() {
        ActivityState u1 = new ActivityState();
        activeUsers.accept(u1, ms("10:58"), Timestamps.NEGATIVE_INFINITY, pages);

        List<HourPage> changed = pages.drainChanged();

        // Windows starting 10:54..10:58 are in the 10:00 page.
        assertThat(changed).singleElement().satisfies(p -> {
            assertThat(p.revenueWindow()).isEqualTo(TimeWindow.of(at("10:00"), at("11:00")));
            assertThat(p.nonEmptyActiveUserWindows()).extracting(HourPage.WindowCount::window)
                    .containsExactly(TimeWindow.of(at("10:54"), at("10:59")), TimeWindow.of(at("10:55"), at("11:00")),
                            TimeWindow.of(at("10:56"), at("11:01")), TimeWindow.of(at("10:57"), at("11:02")),
                            TimeWindow.of(at("10:58"), at("11:03")));
            // The window starting 10:59 ends at 11:04, but the page also holds ad attribution: an
            // impression at 10:59:59.999 can be clicked until 11:09:59.999, so the page is final at 11:10.
            assertThat(p.layout().finalAt(p.pageStartMillis())).isEqualTo(ms("11:10"));
            assertThat(p.isFinalAt(ms("11:09:59.999"))).isFalse();
            assertThat(p.isFinalAt(ms("11:10"))).isTrue();
        });
        pages.dropFinal(ms("11:04"));
        assertThat(pages.size()).isEqualTo(1);
        pages.dropFinal(ms("11:10"));
        assertThat(pages.size()).isZero();
    }

    @Test
    void bucketsAreForgottenOnceAllTheirWindowsAreFinal() {
        ActivityState u1 = new ActivityState();
        activeUsers.accept(u1, ms("10:00:30"), Timestamps.NEGATIVE_INFINITY, pages);

        assertThat(activeUsers.nextWake(u1)).isEqualTo(ms("10:05"));
        activeUsers.prune(u1, ms("10:04:59"));
        assertThat(u1.isEmpty()).isFalse();
        activeUsers.prune(u1, ms("10:05"));
        assertThat(u1.isEmpty()).isTrue();
    }

    @Test
    void sessionsAreEmittedOnceClosedAtTheHorizon() {
        SessionView sessions = new SessionView(spec.sessions());
        OpenSessions open = new OpenSessions();
        for (String t : List.of("11:00", "10:00", "10:15", "11:29", "10:05")) { // any arrival order
            sessions.accept(open, ms(t));
        }
        assertThat(open.list()).containsExactly(new Session(ms("10:00"), ms("10:15"), 3), new Session(ms("11:00"), ms("11:29"), 2));
        List<ClosedSession> closed = new ArrayList<>();

        sessions.settle("u1", open, ms("10:44:59"), closed::add);
        assertThat(closed).isEmpty();
        sessions.settle("u1", open, ms("10:45"), closed::add);
        assertThat(closed).containsExactly(new ClosedSession("u1", at("10:00"), at("10:15"), 3));
        assertThat(open.list()).containsExactly(new Session(ms("11:00"), ms("11:29"), 2));
        assertThat(sessions.nextWake(open)).isEqualTo(ms("11:59"));
    }
}
