package io.tidemark.dynamodb;

import io.tidemark.core.state.AcceptedEvent;
import io.tidemark.core.state.ShardState;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.state.StepLog;
import io.tidemark.core.view.AdCounts;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.TierRevenue;
import io.tidemark.core.window.TimeWindow;
import io.tidemark.events.EventType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a committed step added to the business metrics: revenue and orders counted, what the two
 * joins gained, the active-user windows that became final. Computed from the step's log entry and
 * effects and from the pages and horizon before it ({@link #before}, taken before the step changes
 * the state in place); no I/O.
 *
 * @param revenue      sum of the amounts of the orders the step counted
 * @param orders       orders the step counted
 * @param finalWindows this shard's active-user windows that became final in the step
 * @param joins        what the step added to ad attribution and revenue by tier
 */
public record StepMetricDeltas(BigDecimal revenue, long orders, List<FinalWindow> finalWindows, JoinDeltas joins) {

    /** Nothing counted: a step that committed nothing. */
    public static final StepMetricDeltas NONE = new StepMetricDeltas(BigDecimal.ZERO, 0, List.of(), JoinDeltas.NONE);

    /** What a step added to the two join views: ad events, newly attributed clicks, revenue by tier. */
    public record JoinDeltas(long impressions, long clicks, long attributedClicks, Map<String, TierRevenue> revenueByTier) {
        public static final JoinDeltas NONE = new JoinDeltas(0, 0, 0, Map.of());

        public JoinDeltas {
            revenueByTier = Map.copyOf(revenueByTier);
        }
    }

    /** Distinct users of a shard in one active-user window that became final in the step. */
    public record FinalWindow(TimeWindow window, int users) {
    }

    /** The pages and horizon of a state before a step: what the deltas are measured from. */
    public record Before(List<HourPage> pages, long horizon) {
    }

    public static Before before(ShardState state) {
        return new Before(state.pages(), state.sealedHorizon());
    }

    /** The deltas of the step that logged {@code log} with effects {@code fx}, after {@code before}. */
    public static StepMetricDeltas of(Before before, StepLog log, StepEffects fx) {
        BigDecimal revenue = BigDecimal.ZERO;
        long orders = 0;
        long impressions = 0;
        long clicks = 0;
        Map<String, TierRevenue> byTier = new HashMap<>();
        for (AcceptedEvent a : log.accepted()) {
            if (a.orderCounted()) {
                revenue = revenue.add(a.event().amount());
                orders++;
                byTier.merge(a.customerTier(), TierRevenue.ZERO.plusOrder(a.event().amount()), TierRevenue::plus);
            } else if (a.event().type() == EventType.AD_IMPRESSION) {
                impressions++;
            } else if (a.event().type() == EventType.AD_CLICK) {
                clicks++;
            }
        }
        JoinDeltas joins = new JoinDeltas(impressions, clicks, attributedClicksAdded(before.pages(), fx.changedPages()), byTier);
        return new StepMetricDeltas(revenue, orders, finalWindows(before.pages(), fx.changedPages(), before.horizon(), fx.sealedHorizon()), joins);
    }

    /** Clicks the step attributed: the changed pages' attributed counts minus what they held before. */
    private static long attributedClicksAdded(List<HourPage> before, List<HourPage> changed) {
        Map<Long, HourPage> previous = new HashMap<>();
        before.forEach(p -> previous.put(p.pageStartMillis(), p));
        long added = 0;
        for (HourPage page : changed) {
            added += attributed(page);
            HourPage old = previous.get(page.pageStartMillis());
            if (old != null) {
                added -= attributed(old);
            }
        }
        return added;
    }

    private static long attributed(HourPage page) {
        long n = 0;
        for (AdCounts c : page.ads().values()) {
            n += c.attributedClicks();
        }
        return n;
    }

    private static List<FinalWindow> finalWindows(List<HourPage> before, List<HourPage> changed, long horizonBefore, long horizonAfter) {
        if (horizonAfter <= horizonBefore) {
            return List.of();
        }
        TreeMap<Long, HourPage> pages = new TreeMap<>();
        before.forEach(p -> pages.put(p.pageStartMillis(), p));
        changed.forEach(p -> pages.put(p.pageStartMillis(), p));
        List<FinalWindow> out = new ArrayList<>();
        for (HourPage page : pages.values()) {
            for (int i = 0; i < page.activeUserWindowCount(); i++) {
                TimeWindow w = page.activeUserWindow(i);
                if (w.end() > horizonBefore && w.end() <= horizonAfter && page.activeUsers(i) > 0) {
                    out.add(new FinalWindow(w, page.activeUsers(i)));
                }
            }
        }
        return out;
    }
}
