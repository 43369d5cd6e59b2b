package io.tidemark.dynamodb;

import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportAssembler;
import io.tidemark.core.state.StepCounts;
import io.tidemark.core.state.StepEffects;
import io.tidemark.core.time.ShardProgress;
import io.tidemark.core.time.Timestamps;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.core.view.ClosedSession;
import io.tidemark.core.view.HourPage;
import io.tidemark.core.view.ViewSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the docs/spec.md §5 report from the tables (what {@code tidemark query all --json} prints): every
 * shard's latest page rows summed over shards, closed sessions, recorded alerts and each shard's
 * totals from its head row, assembled by the core's {@link ReportAssembler}. Includes early
 * results: windows that are not final yet (see {@link #sealedHorizon()}).
 */
public final class ReportReader {

    private final StateStore store;
    private final ViewSettings views;

    public ReportReader(StateStore store, ViewSettings views) {
        this.store = store;
        this.views = views;
    }

    public Report read() {
        List<ShardHead> heads = store.heads().readAll();
        ViewRows.Contents contents = store.views().readAll(views);
        List<CartAbandonment> alerts = store.alerts().readAll();

        Map<String, List<HourPage>> pagesByShard = new HashMap<>();
        Map<String, Long> stepByShard = new HashMap<>();
        for (ViewRows.PageRow row : contents.pages()) {
            pagesByShard.computeIfAbsent(row.shardId(), s -> new ArrayList<>()).add(row.page());
            stepByShard.merge(row.shardId(), row.commit(), Math::max);
        }
        Map<String, ShardHead> headByShard = new HashMap<>();
        heads.forEach(h -> headByShard.put(h.shardId(), h));
        TreeSet<String> shards = new TreeSet<>(pagesByShard.keySet());
        shards.addAll(headByShard.keySet());

        ReportAssembler assembler = new ReportAssembler();
        for (String shard : shards) {
            ShardHead head = headByShard.get(shard);
            List<HourPage> pages = new ArrayList<>(pagesByShard.getOrDefault(shard, List.of()));
            pages.sort((a, b) -> Long.compare(a.pageStartMillis(), b.pageStartMillis()));
            long step = Math.max(head == null ? 0 : head.step(), stepByShard.getOrDefault(shard, 0L));
            assembler.add(shard, new StepEffects(Math.max(1, step), pages, List.of(), List.of(), List.of(), List.of(), StepCounts.ZERO,
                    head == null ? StepCounts.ZERO : head.totals(),
                    head == null ? new ShardProgress(shard, Timestamps.NEGATIVE_INFINITY, Timestamps.NEGATIVE_INFINITY, false) : head.progress(),
                    head == null ? Timestamps.NEGATIVE_INFINITY : head.watermark(),
                    head == null ? Timestamps.NEGATIVE_INFINITY : head.settledHorizon()));
        }
        List<ClosedSession> sessions = new ArrayList<>(contents.sessions());
        sessions.sort(ClosedSession.REPORT_ORDER);
        List<CartAbandonment> sortedAlerts = new ArrayList<>(alerts);
        sortedAlerts.sort(CartAbandonment.REPORT_ORDER);
        String outputs = "\u0000sessions-and-alerts";
        assembler.add(outputs, new StepEffects(1, List.of(), sessions, sortedAlerts, List.of(), List.of(), StepCounts.ZERO, StepCounts.ZERO,
                new ShardProgress(outputs, Timestamps.NEGATIVE_INFINITY, Timestamps.NEGATIVE_INFINITY, true),
                Timestamps.NEGATIVE_INFINITY, Timestamps.NEGATIVE_INFINITY));
        return assembler.report();
    }

    /**
     * The horizon before which every window is final: the minimum over the shards that are not
     * ended of their sealed horizon ({@code +∞} if all ended, {@code −∞} if none is known).
     */
    public long sealedHorizon() {
        return sealedHorizon(store.heads().readAll());
    }

    /** {@link #sealedHorizon()} of these head rows. */
    public static long sealedHorizon(List<ShardHead> heads) {
        long h = Timestamps.POSITIVE_INFINITY;
        boolean any = false;
        for (ShardHead head : heads) {
            any = true;
            if (!head.progress().ended()) {
                // Settled, not sealed: a commit's horizon runs ahead of its view rows until they are written.
                h = Math.min(h, head.settledHorizon());
            }
        }
        return any ? h : Timestamps.NEGATIVE_INFINITY;
    }
}
