package io.tidemark.core.window;

import org.junit.jupiter.api.Test;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.ViewSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tidemark.testkit.Times.at;
import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's windowing examples (streaming-fundamentals §2.2), and the edges around them. */
class WindowAssignersTest {

    private static TimeWindow window(String from, String to) {
        return TimeWindow.of(at(from), at(to));
    }

    @Test
    void tumblingFiveMinuteWindowsSplitTenToTenTenInTwo() {
        TumblingWindows fiveMinutes = TumblingWindows.ofSize(Duration.ofMinutes(5));

        // "Events [10:00-10:05) go to Window 1, events [10:05-10:10) go to Window 2, no overlap"
        assertThat(fiveMinutes.windowFor(ms("10:00"))).isEqualTo(window("10:00", "10:05"));
        assertThat(fiveMinutes.windowFor(ms("10:04:59.999"))).isEqualTo(window("10:00", "10:05"));
        assertThat(fiveMinutes.windowFor(ms("10:05"))).isEqualTo(window("10:05", "10:10"));
        assertThat(fiveMinutes.windowFor(ms("10:09:59.999"))).isEqualTo(window("10:05", "10:10"));
        assertThat(window("10:00", "10:05").intersects(window("10:05", "10:10"))).isFalse();
    }

    @Test
    void tumblingWindowsAreAlignedToTheEpochInUtc() {
        TumblingWindows hour = TumblingWindows.ofSize(Duration.ofHours(1));

        assertThat(hour.windowFor(ms("10:59:59.999"))).isEqualTo(window("10:00", "11:00"));
        // Before 1970 the window still starts at a whole hour (floor, not truncation towards zero).
        long beforeEpoch = Instant.parse("1969-12-31T23:30:00Z").toEpochMilli();
        assertThat(hour.windowFor(beforeEpoch)).isEqualTo(TimeWindow.of(Instant.parse("1969-12-31T23:00:00Z"), Instant.EPOCH));
    }

    @Test
    void slidingFiveMinuteWindowsEveryMinuteOverlap() {
        SlidingWindows sliding = SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(5), Duration.ofMinutes(1));

        // "Window 1: [10:00-10:05), Window 2: [10:01-10:06); events can be in multiple windows"
        List<TimeWindow> windows = sliding.assignWindows(ms("10:04:30"));
        assertThat(windows).contains(window("10:00", "10:05"), window("10:01", "10:06"));
        // An event is in exactly five windows.
        assertThat(windows).containsExactly(window("10:00", "10:05"), window("10:01", "10:06"), window("10:02", "10:07"),
                window("10:03", "10:08"), window("10:04", "10:09"));
    }

    @Test
    void everyEventIsInExactlyFiveSlidingWindowsAlsoOnMinuteBoundaries() {
        SlidingWindows sliding = SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThat(sliding.assignWindows(ms("10:05"))).containsExactly(window("10:01", "10:06"), window("10:02", "10:07"),
                window("10:03", "10:08"), window("10:04", "10:09"), window("10:05", "10:10"));
        assertThat(sliding.assignWindows(ms("10:04:59.999"))).hasSize(sliding.windowsPerEvent()).allMatch(w -> w.contains(ms("10:04:59.999")));
        assertThat(sliding.assignWindows(ms("10:04:59.999")).get(sliding.windowsPerEvent() - 1).start()).isEqualTo(sliding.lastWindowStart(ms("10:04:59.999")));
    }

    @Test
    void sessionsOfTenToTenFifteenAndElevenToElevenThirtyAreTwoSessions() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(30));
        List<Session> open = List.of();
        for (String t : List.of("10:00", "10:05", "10:10", "10:15", "11:00", "11:10", "11:20", "11:30")) {
            open = sessions.addEvent(open, ms(t));
        }

        // "User activity from 10:00-10:15, then 11:00-11:30 = 2 separate sessions"
        assertThat(open).containsExactly(new Session(ms("10:00"), ms("10:15"), 4), new Session(ms("11:00"), ms("11:30"), 4));
        assertThat(sessions.windowOf(open.get(0))).isEqualTo(window("10:00", "10:45"));
    }

    @Test
    void anEventThirtyMinutesOrMoreAfterThePreviousStartsANewSession() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(30));

        List<Session> justUnder = sessions.addEvent(sessions.addEvent(List.of(), ms("10:00")), ms("10:29:59.999"));
        List<Session> exactly = sessions.addEvent(sessions.addEvent(List.of(), ms("10:00")), ms("10:30"));

        assertThat(justUnder).hasSize(1);
        assertThat(exactly).hasSize(2);
    }

    @Test
    void aLateEventBetweenTwoSessionsMergesThem() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(30));
        List<Session> open = List.of();
        for (String t : List.of("10:00", "10:20", "10:55", "11:05")) {
            open = sessions.addEvent(open, ms(t));
        }
        assertThat(open).hasSize(2);

        List<Session> merged = sessions.addEvent(open, ms("10:37")); // 17 min after 10:20, 18 min before 10:55

        assertThat(merged).containsExactly(new Session(ms("10:00"), ms("11:05"), 5));
    }

    @Test
    void aLateEventBeforeTheFirstSessionExtendsItBackwards() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(30));
        List<Session> open = sessions.addEvent(List.of(), ms("10:30"));

        assertThat(sessions.addEvent(open, ms("10:01"))).containsExactly(new Session(ms("10:01"), ms("10:30"), 2));
        assertThat(sessions.addEvent(open, ms("10:00"))).containsExactly(new Session(ms("10:00"), ms("10:00"), 1),
                new Session(ms("10:30"), ms("10:30"), 1));
    }

    @Test
    void sessionIsClosedOnceTheHorizonPassesLastEventPlusGap() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(30));
        Session s = new Session(ms("10:00"), ms("10:15"), 4);

        assertThat(sessions.isClosed(s, ms("10:44:59.999"))).isFalse();
        assertThat(sessions.isClosed(s, ms("10:45"))).isTrue();
    }

    @Test
    void windowsAreFinalWhenTheHorizonReachesTheirEnd() {
        assertThat(EventTimeTrigger.isFinal(window("10:00", "10:05"), ms("10:04:59.999"))).isFalse();
        assertThat(EventTimeTrigger.isFinal(window("10:00", "10:05"), ms("10:05"))).isTrue();
        assertThat(EventTimeTrigger.reached(ms("10:30"), ms("10:30"))).as("a timer at the horizon fires").isTrue();
    }

    @Test
    void noWakeUpIsNeverReachedNotEvenAtTheEndOfInput() {
        assertThat(EventTimeTrigger.reached(Timestamps.POSITIVE_INFINITY, Timestamps.POSITIVE_INFINITY)).isFalse();
        assertThat(EventTimeTrigger.reached(ms("10:30"), Timestamps.POSITIVE_INFINITY)).isTrue();
        assertThat(EventTimeTrigger.reached(ms("10:30"), Timestamps.NEGATIVE_INFINITY)).isFalse();
    }

    @Test
    void aPageIsFinalWhenItsLastWindowAndItsAttributionWindowHaveEnded() {
        PageLayout layout = PageLayout.of(ViewSettings.spec());
        long page = ms("10:00");
        // The last active-user window starting in 10:00-11:00 is [10:59, 11:04); a click on a 10:59 impression may come until 11:10.
        assertThat(layout.finalAt(page)).isEqualTo(ms("11:10"));
        assertThat(layout.pageStartOf(ms("10:59:59.999"))).isEqualTo(page);
        assertThat(layout.pageStartOf(ms("11:00"))).isEqualTo(ms("11:00"));
    }

    @Test
    void invalidSizesAreRejectedWithTheValues() {
        assertThatThrownBy(() -> TumblingWindows.ofSize(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .hasMessageContaining("slide <= size");
        assertThatThrownBy(() -> SessionWindows.withGap(Duration.ofMillis(-1))).hasMessageContaining("gap");
        assertThatThrownBy(() -> new TimeWindow(5, 5)).hasMessageContaining("end after it starts");
    }

    @Test
    void assignersAreValuesWithIntentionRevealingFactories() {
        assertThat(TumblingWindows.ofSize(Duration.ofHours(1))).isEqualTo(TumblingWindows.ofSize(Duration.ofMinutes(60)));
        assertThat(SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(5), Duration.ofMinutes(1)).toString())
                .isEqualTo("SlidingWindows[size=PT5M, slide=PT1M]");
    }
}
