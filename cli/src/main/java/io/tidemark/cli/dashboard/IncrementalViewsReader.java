package io.tidemark.cli.dashboard;

import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.PageLayout;
import io.tidemark.core.view.ViewSettings;
import io.tidemark.core.window.EventTimeTrigger;
import io.tidemark.dynamodb.ReportReader;
import io.tidemark.dynamodb.ShardHead;
import io.tidemark.dynamodb.StateStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the dashboard needs from the tables, by key only and no more than once where it can: each poll
 * queries the head rows (one partition); only when a shard took a step since the last poll does it query the
 * pages that are not final yet (a final page never changes, so it is kept) and that shard's sessions and alerts
 * rows after the last step it read. The first read of a shard's sessions and alerts goes newest first and stops
 * at the first step whose rows all end before the hours shown (rows close in watermark order, so older rows end
 * earlier still). Not thread-safe: one poller calls it.
 */
final class IncrementalViewsReader {

    /** Kept beyond the 24 hours shown, for the axis moving on. */
    private static final long MARGIN_MILLIS = 3_600_000L;

    private final StateStore store;
    private final ViewSettings views;
    private final PageLayout layout;
    private final Map<Long, List<HourPage>> pages = new HashMap<>();
    private final Set<Long> finalPages = new TreeSet<>();
    private final Map<String, Long> stepsSeen = new HashMap<>();
    private final Map<String, Long> sessionsRead = new HashMap<>();
    private final Map<String, Long> alertsRead = new HashMap<>();
    private final Map<String, ClosedSession> sessions = new LinkedHashMap<>();
    private final Map<String, CartAbandonment> alerts = new LinkedHashMap<>();

    IncrementalViewsReader(StateStore store, ViewSettings views) {
        this.store = store;
        this.views = views;
        this.layout = PageLayout.of(views);
    }

    PageLayout layout() {
        return layout;
    }

    SnapshotAssembler.Read read(long nowMillis) {
        List<ShardHead> heads = store.heads().readAll();
        TimeAxis axis = TimeAxis.of(heads, layout, nowMillis);
        long sealed = ReportReader.sealedHorizon(heads);
        long keepFrom = axis.firstHour() - MARGIN_MILLIS;
        boolean stepped = false;
        for (ShardHead head : heads) {
            Long seen = stepsSeen.get(head.shardId());
            if (seen == null || seen != head.step()) {
                stepped = true;
                readSessions(head.shardId(), keepFrom);
                readAlerts(head.shardId(), keepFrom);
                stepsSeen.put(head.shardId(), head.step()); // only once read: a failed read is tried again at the next poll
            }
        }
        TreeSet<Long> needed = axis.pages();
        pages.keySet().retainAll(needed);
        finalPages.retainAll(needed);
        for (long page : needed) {
            if (!finalPages.contains(page) && (stepped || !pages.containsKey(page))) {
                List<HourPage> rows = new ArrayList<>();
                store.views().readPage(page, views).forEach(r -> rows.add(r.page()));
                pages.put(page, rows);
                if (EventTimeTrigger.reached(layout.finalAt(page), sealed)) {
                    finalPages.add(page); // the heads were read first: these rows are at least as new as that horizon
                }
            }
        }
        sessions.values().removeIf(s -> s.lastEvent().toEpochMilli() < keepFrom);
        alerts.values().removeIf(a -> a.lastActivity().toEpochMilli() < keepFrom);
        return new SnapshotAssembler.Read(heads, axis, Map.copyOf(pages), List.copyOf(sessions.values()), List.copyOf(alerts.values()));
    }

    private void readSessions(String shard, long keepFrom) {
        Long after = sessionsRead.get(shard);
        boolean first = after == null;
        store.views().readSessions(shard, first ? 0 : after, first, (step, closed) -> {
            sessionsRead.merge(shard, step, Math::max);
            boolean recent = false;
            for (ClosedSession s : closed) {
                sessions.putIfAbsent(s.userId() + '\u0000' + s.sessionStart(), s);
                recent |= s.lastEvent().toEpochMilli() >= keepFrom;
            }
            return !first || recent || closed.isEmpty();
        });
    }

    private void readAlerts(String shard, long keepFrom) {
        Long after = alertsRead.get(shard);
        boolean first = after == null;
        store.alerts().readSteps(shard, first ? 0 : after, first, (step, recorded) -> {
            alertsRead.merge(shard, step, Math::max);
            boolean recent = false;
            for (CartAbandonment a : recorded) {
                alerts.putIfAbsent(a.alertId(), a);
                recent |= a.lastActivity().toEpochMilli() >= keepFrom;
            }
            return !first || recent || recorded.isEmpty();
        });
    }
}
