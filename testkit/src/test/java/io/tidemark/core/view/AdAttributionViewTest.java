package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tidemark.testkit.Times.ms;
import static org.assertj.core.api.Assertions.assertThat;

/** Ad attribution, rule by rule: one user's impressions and clicks fed in arrival order; {@code settle} runs the join up to a horizon. */
class AdAttributionViewTest {

    private final AdAttributionView view = new AdAttributionView(Duration.ofMinutes(10));
    private final Pages pages = new Pages(ViewSettings.spec());
    private final AdState ads = new AdState();

    private void impression(String time, String ad) {
        view.acceptImpression(ads, ad, ms(time), pages);
    }

    private void click(String time, String ad) {
        view.acceptClick(ads, ad, ms(time), pages);
    }

    private void settle(String horizon) {
        view.settle(ads, ms(horizon), pages);
    }

    /** The ad's counts in the page starting at {@code hour}, as this shard holds them. */
    private AdCounts counts(String hour, String ad) {
        return pages.all().stream().filter(p -> p.pageStartMillis() == ms(hour)).findFirst()
                .map(p -> p.ads().getOrDefault(ad, AdCounts.ZERO)).orElse(AdCounts.ZERO);
    }

    @Test
    void aClickThatArrivesBeforeItsImpressionIsAttributedOnceTheHorizonPassesIt() {
        click("10:05", "ad-1");           // arrives first
        impression("10:01", "ad-1");      // arrives later, within the allowed lateness

        settle("10:05");                  // H = 10:05: the click is not behind the horizon yet
        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 1, 0));

        settle("10:05:00.001");           // every impression at or before 10:05 is known now
        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 1, 1));
        assertThat(ads.pending()).isEmpty();
    }

    @Test
    void theWindowIncludesBothEnds() {
        impression("10:00", "ad-1");
        click("10:00", "ad-1");            // the same instant: impression ≤ click
        click("10:10", "ad-1");            // exactly impression + 10 min
        click("10:10:00.001", "ad-1");     // one millisecond too late
        impression("10:20", "ad-2");
        click("10:19:59.999", "ad-2");     // before its only impression

        settle("11:00");

        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 3, 2));
        assertThat(counts("10:00", "ad-2")).isEqualTo(new AdCounts(1, 1, 0));
    }

    @Test
    void theLatestImpressionWinsAndTheClickCountsInItsHour() {
        impression("10:55", "ad-1");
        impression("11:01", "ad-1");
        click("11:03", "ad-1");            // both match; 11:01 is the latest

        settle("11:30");

        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 0, 0));
        assertThat(counts("11:00", "ad-1")).isEqualTo(new AdCounts(1, 1, 1));
    }

    @Test
    void aClickInTheNextHourCountsForTheImpressionsHour() {
        impression("10:58", "ad-1");
        click("11:04", "ad-1");

        settle("11:04:00.001");

        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 0, 1));
        assertThat(counts("11:00", "ad-1")).isEqualTo(new AdCounts(0, 1, 0));
    }

    @Test
    void onlyTheSameAdCounts() {
        impression("10:00", "ad-1");
        click("10:02", "ad-2");

        settle("11:00");

        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(1, 0, 0));
        assertThat(counts("10:00", "ad-2")).isEqualTo(new AdCounts(0, 1, 0));
    }

    @Test
    void joinStateExpiresByTheHorizonNotTheWallClock() {
        impression("10:00", "ad-1");
        impression("10:04", "ad-1");
        click("10:06", "ad-1");

        assertThat(view.nextWake(ads)).as("the click settles once H passes it").isEqualTo(ms("10:06") + 1);
        settle("10:06:00.001");
        assertThat(ads.pending()).isEmpty();
        // A click still to come is at or after H = 10:06, so it can only match impressions from 9:56 on: both kept.
        assertThat(ads.impressions().get("ad-1")).containsExactly(ms("10:00"), ms("10:04"));

        assertThat(view.nextWake(ads)).isEqualTo(ms("10:10") + 1);
        settle("10:10:00.001");            // 10:00 can match no click at or after H any more
        assertThat(ads.impressions().get("ad-1")).containsExactly(ms("10:04"));
        settle("10:14:00.001");
        assertThat(ads.isEmpty()).isTrue();
        assertThat(view.nextWake(ads)).isEqualTo(Timestamps.POSITIVE_INFINITY);
    }

    @Test
    void atEndOfInputEveryClickIsSettledAndNothingIsKept() {
        click("10:00", "ad-1");
        impression("09:59", "ad-1");
        impression("10:30", "ad-1");

        view.settle(ads, Timestamps.POSITIVE_INFINITY, pages);

        assertThat(counts("09:00", "ad-1")).isEqualTo(new AdCounts(1, 0, 1));
        assertThat(ads.isEmpty()).isTrue();
    }

    @Test
    void twoImpressionsAtOneInstantAreOneForTheJoinButBothCount() {
        impression("10:00", "ad-1");
        impression("10:00", "ad-1");
        click("10:01", "ad-1");

        settle("10:30");

        assertThat(counts("10:00", "ad-1")).isEqualTo(new AdCounts(2, 1, 1));
    }

    @Test
    void aPageWithImpressionsIsKeptUntilTheirClicksCanNoLongerArrive() {
        impression("10:59:59.999", "ad-1");
        click("11:09:59.999", "ad-1");
        pages.drainChanged();

        pages.dropFinal(ms("11:09:59.999"));
        settle("11:10");
        List<HourPage> changed = pages.drainChanged();
        pages.dropFinal(ms("11:10"));

        assertThat(changed).filteredOn(p -> p.pageStartMillis() == ms("10:00")).singleElement()
                .satisfies(p -> assertThat(p.ads()).isEqualTo(Map.of("ad-1", new AdCounts(1, 0, 1))));
        assertThat(pages.size()).as("the 11:00 page holds the click and stays").isEqualTo(1);
    }
}
