package io.tidemark.core.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One user's join state for ad attribution: per ad id the event times of the impressions that can
 * still match a click (sorted, distinct), and the clicks not settled yet. Expired by the lateness
 * horizon, never by the wall clock, so it stays bounded: an impression older than the horizon minus
 * the attribution window can match no click that is still to come. Mutable; owned by the user's
 * state in one shard.
 */
public final class AdState {

    private static final long[] NONE = new long[0];

    final TreeMap<String, long[]> impressions = new TreeMap<>();
    ArrayList<PendingClick> pending;
    // The earliest impression time over all ads (Long.MAX_VALUE if none): asked at every wake-up
    // scheduling of the user, so kept up to date instead of walking the map each time.
    private long earliest = Long.MAX_VALUE;

    /** Impression times by ad id, each sorted ascending (a copy). */
    public Map<String, long[]> impressions() {
        TreeMap<String, long[]> out = new TreeMap<>();
        impressions.forEach((ad, times) -> out.put(ad, times.clone()));
        return out;
    }

    /** Buffered clicks in {@link PendingClick#ORDER}. */
    public List<PendingClick> pending() {
        return pending == null ? List.of() : List.copyOf(pending);
    }

    public boolean isEmpty() {
        return impressions.isEmpty() && (pending == null || pending.isEmpty());
    }

    void addImpression(String adId, long time) {
        long[] times = impressions.getOrDefault(adId, NONE);
        int at = Arrays.binarySearch(times, time);
        if (at >= 0) {
            return; // two impressions at the same instant match the same clicks and count in the same hour
        }
        int insertion = -at - 1;
        long[] grown = new long[times.length + 1];
        System.arraycopy(times, 0, grown, 0, insertion);
        grown[insertion] = time;
        System.arraycopy(times, insertion, grown, insertion + 1, times.length - insertion);
        impressions.put(adId, grown);
        earliest = Math.min(earliest, time);
    }

    /** The latest impression time of {@code adId} in {@code [from, to]}, or {@code Long.MIN_VALUE} if none. */
    long latestImpression(String adId, long from, long to) {
        long[] times = impressions.get(adId);
        if (times == null) {
            return Long.MIN_VALUE;
        }
        int at = Arrays.binarySearch(times, to);
        int last = at >= 0 ? at : -at - 2; // the last time ≤ to
        return last >= 0 && times[last] >= from ? times[last] : Long.MIN_VALUE;
    }

    void addPending(PendingClick click) {
        if (pending == null) {
            pending = new ArrayList<>(2);
        }
        int n = pending.size();
        if (n == 0 || PendingClick.ORDER.compare(pending.get(n - 1), click) <= 0) {
            pending.add(click);
        } else {
            int at = Collections.binarySearch(pending, click, PendingClick.ORDER);
            pending.add(at >= 0 ? at + 1 : -at - 1, click);
        }
    }

    /** Drops every impression before {@code t}. */
    void dropImpressionsBefore(long t) {
        if (earliest >= t) {
            return;
        }
        long min = Long.MAX_VALUE;
        var it = impressions.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            long[] times = e.getValue();
            int keep = 0;
            while (keep < times.length && times[keep] < t) {
                keep++;
            }
            if (keep == times.length) {
                it.remove();
                continue;
            }
            if (keep > 0) {
                e.setValue(Arrays.copyOfRange(times, keep, times.length));
            }
            min = Math.min(min, times[keep]);
        }
        earliest = min;
    }

    long earliestImpression() {
        return earliest;
    }

    /** Restores from a snapshot: times sorted and distinct per ad, clicks in {@link PendingClick#ORDER}. */
    public static AdState of(Map<String, long[]> impressions, List<PendingClick> pending) {
        AdState s = new AdState();
        impressions.forEach((ad, times) -> {
            if (times.length > 0) {
                s.impressions.put(ad, times.clone());
                s.earliest = Math.min(s.earliest, times[0]);
            }
        });
        if (!pending.isEmpty()) {
            s.pending = new ArrayList<>(pending);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AdState a) || !a.pending().equals(pending()) || !a.impressions.keySet().equals(impressions.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : impressions.entrySet()) {
            if (!Arrays.equals(e.getValue(), a.impressions.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return impressions.keySet().hashCode() * 31 + pending().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AdState[impressions={");
        impressions.forEach((ad, times) -> s.append(ad).append('=').append(Arrays.toString(times)).append(' '));
        return s.append("}, pending=").append(pending()).append(']').toString();
    }
}
