package io.tidemark.core.stream;

import io.tidemark.core.time.Timestamps;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.ObjLongConsumer;

/**
 * Arrival times for the records of a bounded input (a file given to {@code tidemark local}). A file
 * has none of its own, and the wall clock would make a file of another day look far ahead or far
 * behind, so the file's own clock stands in for the stream's: had the file been streamed as it
 * happened, a record would have arrived after the events before it and by the time of the events
 * after it. So a record arrives at the later of two medians — of the valid records' event times just
 * before it and of those just after it (up to {@value #NEIGHBOURS} each) — plus a tolerance: the
 * records after it may lag the moment it arrived by as much as the pipeline accepts (the watermark
 * delay and the allowed lateness), so a record that far ahead of the records after it may be honest.
 * One record stamped further in the future stands out against its neighbours and is refused as a
 * stream would refuse it, however sparse the file; a file generated for any date works. The last
 * valid record has nothing after it to be judged against: it arrives at its own time.
 * <p>
 * Records go in in file order ({@link #add}) and come out in the same order, each with its arrival,
 * once the {@value #NEIGHBOURS} valid records after it are in or the input ends ({@link #finish}).
 *
 * @param <T> what a record is to the caller
 */
public final class BoundedInputClock<T> {

    public static final int NEIGHBOURS = 50;
    /** The event time of a record that has none (an invalid line): it arrives with its neighbours and counts for nobody. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    private record Pending<T>(T record, long eventTime) {
        boolean valid() {
            return eventTime != NO_EVENT_TIME;
        }
    }

    private final long toleranceMillis;
    private final ArrayDeque<Pending<T>> pending = new ArrayDeque<>();
    private final ArrayDeque<Long> before = new ArrayDeque<>(NEIGHBOURS);
    private final long[] window = new long[2 * NEIGHBOURS];
    private int validPending;
    /** The last arrival given out: an invalid record with no valid neighbour arrives with it. */
    private long lastArrival;

    /** @param toleranceMillis how far the records after a record may lag its arrival (≥ 0): added to the medians */
    public BoundedInputClock(long toleranceMillis) {
        if (toleranceMillis < 0) {
            throw new IllegalArgumentException("toleranceMillis must be ≥ 0, got " + toleranceMillis);
        }
        this.toleranceMillis = toleranceMillis;
    }

    /** The next record of the input, with its event time or {@link #NO_EVENT_TIME}; ready records go to {@code ready}. */
    public void add(T record, long eventTime, ObjLongConsumer<T> ready) {
        Pending<T> p = new Pending<>(record, eventTime);
        pending.add(p);
        if (p.valid()) {
            validPending++;
        }
        while (!pending.isEmpty() && validAfterHead() >= NEIGHBOURS) {
            emitHead(ready);
        }
    }

    /** The input ended: every record left goes to {@code ready}. */
    public void finish(ObjLongConsumer<T> ready) {
        while (!pending.isEmpty()) {
            emitHead(ready);
        }
    }

    private int validAfterHead() {
        return validPending - (pending.peekFirst().valid() ? 1 : 0);
    }

    private void emitHead(ObjLongConsumer<T> ready) {
        Pending<T> head = pending.pollFirst();
        int n = 0;
        for (long t : before) {
            window[n++] = t;
        }
        long arrival = n == 0 ? Long.MIN_VALUE : median(0, n);
        int after = n;
        for (Iterator<Pending<T>> it = pending.iterator(); it.hasNext() && after - n < NEIGHBOURS; ) {
            Pending<T> next = it.next();
            if (next.valid()) {
                window[after++] = next.eventTime();
            }
        }
        if (after > n) {
            arrival = Math.max(arrival, median(n, after));
        }
        if (arrival != Long.MIN_VALUE) {
            arrival = Timestamps.plus(arrival, toleranceMillis);
        }
        if (after == n && head.valid()) {
            arrival = Math.max(arrival, head.eventTime()); // nothing after it to judge it against
        }
        if (arrival != Long.MIN_VALUE) {
            lastArrival = arrival;
        }
        if (head.valid()) {
            validPending--;
            if (before.size() == NEIGHBOURS) {
                before.pollFirst();
            }
            before.addLast(head.eventTime());
        }
        ready.accept(head.record(), lastArrival);
    }

    /** The (lower) median of {@code window[from, to)}, sorting that part. */
    private long median(int from, int to) {
        Arrays.sort(window, from, to);
        return window[from + (to - from - 1) / 2];
    }
}
