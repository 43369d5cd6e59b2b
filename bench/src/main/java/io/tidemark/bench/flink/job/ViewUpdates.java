package io.tidemark.bench.flink.job;

import io.tidemark.core.report.Report;
import io.tidemark.events.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job's output as a table would hold it. Flink fires a window when the watermark passes its end
 * and again for each allowed-late event, and a late event can merge two fired sessions into one: the
 * output is a changelog. This is its upsert sink — the last firing of a window wins, and a session
 * replaces the earlier firings it absorbed. Cart alerts are emitted once each. Thread-safe (the
 * job's sink tasks write concurrently).
 */
public final class ViewUpdates {

    private final Map<Instant, Report.RevenueWindow> revenue = new HashMap<>();
    private final Map<Instant, Report.ActiveUsersWindow> activeUsers = new HashMap<>();
    private final Map<String, TreeMap<Instant, Report.UserSession>> sessionsByUser = new HashMap<>();
    private final List<Report.Abandonment> abandonments = new ArrayList<>();
    private final Set<String> lateDownstream = new HashSet<>();
    private long firings;

    synchronized void revenue(Report.RevenueWindow w) {
        firings++;
        revenue.put(w.windowStart(), w);
    }

    synchronized void activeUsers(Report.ActiveUsersWindow w) {
        firings++;
        activeUsers.put(w.windowStart(), w);
    }

    /**
     * A merged session window contains every window it absorbed, and sessions of one user are a gap
     * apart: an earlier firing that starts within this session's span is one it absorbed (or its own
     * earlier firing).
     */
    synchronized void session(Report.UserSession s) {
        firings++;
        TreeMap<Instant, Report.UserSession> sessions = sessionsByUser.computeIfAbsent(s.userId(), u -> new TreeMap<>());
        sessions.subMap(s.sessionStart(), true, s.lastEvent(), true).clear();
        sessions.put(s.sessionStart(), s);
    }

    synchronized void abandonment(Report.Abandonment a) {
        firings++;
        abandonments.add(a);
    }

    /** An accepted event that a window or the cart machine dropped as late anyway (none if the job is right). */
    synchronized void lateDownstream(Event e) {
        lateDownstream.add(e.eventId());
    }

    /** Distinct accepted events dropped downstream as late. */
    public synchronized long lateDownstream() {
        return lateDownstream.size();
    }

    /** Window firings and alerts received (more than the rows when windows fired late or sessions merged). */
    public synchronized long firings() {
        return firings;
    }

    public synchronized Report report(Report.Counts counts) {
        List<Report.UserSession> sessions = new ArrayList<>();
        sessionsByUser.values().forEach(s -> sessions.addAll(s.values()));
        // The job computes the four views of docs/spec.md §2, not the joins: ReportDiff compares those four and the counts.
        return new Report(new ArrayList<>(revenue.values()), new ArrayList<>(activeUsers.values()), sessions, abandonments, List.of(), List.of(),
                counts);
    }
}
