package io.tidemark.core.view;

import io.tidemark.core.time.Timestamps;
import io.tidemark.core.window.SlidingWindows;

/**
 * Active users (docs/spec.md §2.2): distinct users per sliding window, kept as one counter per window in
 * the {@link Pages} plus each user's recent activity buckets. An event counts its user once in
 * every window that did not have the user yet, so the counters are exact distinct counts whatever
 * the order of the events, with O(size/slide) work per event.
 */
public final class ActiveUsersView {

    private final long slide;
    private final int windowsPerEvent;

    public ActiveUsersView(SlidingWindows windows) {
        this.slide = windows.slideMillis();
        this.windowsPerEvent = windows.windowsPerEvent();
    }

    /**
     * Adds an accepted event of the user at {@code eventTime} ({@code ≥ horizon}). Buckets whose
     * windows are all final at {@code horizon} are dropped first: no accepted event can reach them.
     */
    public void accept(ActivityState user, long eventTime, long horizon, Pages pages) {
        prune(user, horizon);
        long b = Math.floorDiv(eventTime, slide);
        int at = user.search(b);
        if (at >= 0) {
            return; // already counted in every window that contains this bucket
        }
        int insertion = -at - 1;
        long prev = insertion > 0 ? user.bucket(insertion - 1) : Long.MIN_VALUE;
        long next = insertion < user.size() ? user.bucket(insertion) : Long.MAX_VALUE;
        int k = windowsPerEvent;
        for (long s = b - k + 1; s <= b; s++) {
            // Window s covers buckets [s, s + k − 1]; prev < b ≤ s + k − 1 and next > b ≥ s.
            boolean hadUser = prev >= s || next <= s + k - 1;
            if (!hadUser) {
                pages.addActiveUser(s * slide);
            }
        }
        user.insert(insertion, b);
    }

    /** Drops the buckets whose windows are all final at {@code horizon}. */
    public void prune(ActivityState user, long horizon) {
        if (user.isEmpty() || horizon == Timestamps.NEGATIVE_INFINITY) {
            return;
        }
        if (horizon == Timestamps.POSITIVE_INFINITY) {
            user.removeUpTo(Long.MAX_VALUE);
            return;
        }
        // Bucket b's last window ends at (b + k)·slide: EventTimeTrigger's rule (end ≤ horizon) for all buckets at once.
        user.removeUpTo(Math.floorDiv(horizon, slide) - windowsPerEvent);
    }

    /** When the user's activity can be forgotten entirely: all its windows are final. */
    public long nextWake(ActivityState user) {
        return user.isEmpty() ? Timestamps.POSITIVE_INFINITY : (user.maxBucket() + windowsPerEvent) * slide;
    }
}
