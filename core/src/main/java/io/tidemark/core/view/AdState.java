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

    // Per ad (in insertion order) its impression times, sorted ascending and distinct.
    private final SmallKeys ads = new SmallKeys(2);
    private long[][] times = new long[2][];
    ArrayList<PendingClick> pending;
    // The earliest impression time over all ads (Long.MAX_VALUE if none): asked at every wake-up
    // scheduling of the user, so kept up to date instead of walking the ads each time.
    private long earliest = Long.MAX_VALUE;

    /** Impression times by ad id, each sorted ascending (a copy). */
    public Map<String, long[]> impressions() {
        TreeMap<String, long[]> out = new TreeMap<>();
        for (int i = 0; i < ads.size(); i++) {
            out.put(ads.key(i), times[i].clone());
        }
        return out;
    }

    /** Buffered clicks in {@link PendingClick#ORDER}. */
    public List<PendingClick> pending() {
        return pending == null ? List.of() : List.copyOf(pending);
    }

    public boolean isEmpty() {
        return ads.size() == 0 && (pending == null || pending.isEmpty());
    }

    boolean hasImpressions() {
        return ads.size() > 0;
    }

    void addImpression(String adId, long time) {
        int ad = ads.indexOf(adId);
        if (ad < 0) {
            ad = ads.add(adId);
            if (times.length < ads.capacity()) {
                times = Arrays.copyOf(times, ads.capacity());
            }
            times[ad] = new long[] {time};
            earliest = Math.min(earliest, time);
            return;
        }
        long[] old = times[ad];
        int at = Arrays.binarySearch(old, time);
        if (at >= 0) {
            return; // two impressions at the same instant match the same clicks and count in the same hour
        }
        int insertion = -at - 1;
        long[] grown = new long[old.length + 1];
        System.arraycopy(old, 0, grown, 0, insertion);
        grown[insertion] = time;
        System.arraycopy(old, insertion, grown, insertion + 1, old.length - insertion);
        times[ad] = grown;
        earliest = Math.min(earliest, time);
    }

    /** The latest impression time of {@code adId} in {@code [from, to]}, or {@code Long.MIN_VALUE} if none. */
    long latestImpression(String adId, long from, long to) {
        int ad = ads.indexOf(adId);
        if (ad < 0) {
            return Long.MIN_VALUE;
        }
        long[] times = this.times[ad];
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
        int i = 0;
        while (i < ads.size()) {
            long[] adTimes = times[i];
            int keep = 0;
            while (keep < adTimes.length && adTimes[keep] < t) {
                keep++;
            }
            if (keep == adTimes.length) {
                int moved = ads.removeMovingLast(i);
                times[i] = times[moved];
                times[moved] = null;
                continue; // the moved ad now sits at i
            }
            if (keep > 0) {
                adTimes = Arrays.copyOfRange(adTimes, keep, adTimes.length);
                times[i] = adTimes;
            }
            min = Math.min(min, adTimes[0]);
            i++;
        }
        earliest = min;
    }

    long earliestImpression() {
        return earliest;
    }

    /** Restores from a snapshot: times sorted and distinct per ad, clicks in {@link PendingClick#ORDER}. */
    public static AdState of(Map<String, long[]> impressions, List<PendingClick> pending) {
        AdState s = new AdState();
        impressions.forEach((ad, adTimes) -> {
            for (long time : adTimes) {
                s.addImpression(ad, time);
            }
        });
        if (!pending.isEmpty()) {
            s.pending = new ArrayList<>(pending);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AdState a) || !a.pending().equals(pending())) {
            return false;
        }
        Map<String, long[]> mine = impressions();
        Map<String, long[]> theirs = a.impressions();
        if (!mine.keySet().equals(theirs.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : mine.entrySet()) {
            if (!Arrays.equals(e.getValue(), theirs.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return impressions().keySet().hashCode() * 31 + pending().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AdState[impressions={");
        impressions().forEach((ad, times) -> s.append(ad).append('=').append(Arrays.toString(times)).append(' '));
        return s.append("}, pending=").append(pending()).append(']').toString();
    }
}
