package io.tidemark.core.state.dedupe;

import io.tidemark.core.stream.SequenceNumbers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per partition key, a sequence number at or above that of the key's last applied record: a
 * record at or below it was applied already (a Lambda retry, a bisected batch, a replay over the
 * same tables) and is skipped. A step marks every key it touched with the step's highest sequence
 * number: exact for batches cut from one shard in order (Lambda's event source mapping, with any
 * parallelization factor, keeps each key's records in order and never hands a later batch of a key
 * records below an earlier batch's maximum), and one shared mark per step keeps snapshots small.
 * Keys untouched for the retention (processing time) are forgotten by a sweep that runs at most
 * once per sixteenth of the retention, so entries live between 1 and 1 1/16 retentions.
 */
public final class SequenceMemory {

    /** A step's highest sequence number and processing time, shared by every key the step touched. */
    public record Mark(String sequenceNumber, long processingTime) {
        public Mark {
            SequenceNumbers.requireValid(sequenceNumber);
        }
    }

    private final HashMap<String, Mark> marks = new HashMap<>();
    private long nextSweep = Long.MIN_VALUE;
    // An upper bound of every mark (never lowered by expiry): a record above it cannot have been
    // applied, which spares the per-key lookup for every record of a batch delivered in order.
    private String highest;

    /** Whether a record of {@code partitionKey} at {@code sequenceNumber} was applied already. */
    public boolean isApplied(String partitionKey, String sequenceNumber) {
        if (highest == null || SequenceNumbers.compare(sequenceNumber, highest) > 0) {
            return false;
        }
        Mark mark = marks.get(partitionKey);
        return mark != null && SequenceNumbers.compare(sequenceNumber, mark.sequenceNumber()) <= 0;
    }

    /** Marks {@code partitionKey} as applied up to {@code mark}. */
    public void touch(String partitionKey, Mark mark) {
        if (highest != mark.sequenceNumber()) {
            highest = SequenceNumbers.max(highest, mark.sequenceNumber());
        }
        // A mark that is the highest so far is above every previous one: no need to read the
        // previous mark (a cache miss per record) to compare.
        boolean aboveAll = highest == mark.sequenceNumber();
        Mark previous = marks.put(partitionKey, mark);
        if (previous != null && previous != mark && !aboveAll
                && SequenceNumbers.compare(previous.sequenceNumber(), mark.sequenceNumber()) > 0) {
            // Never go back (not expected from an event source mapping): keep the higher number.
            marks.put(partitionKey, new Mark(previous.sequenceNumber(), mark.processingTime()));
        }
    }

    /**
     * Forgets keys last touched before processing time {@code cutoff}, sweeping only when the cutoff
     * passed the previous sweep by {@code sweepEvery}.
     */
    public void expire(long cutoff, long sweepEvery) {
        if (cutoff < nextSweep) {
            return;
        }
        Iterator<Mark> it = marks.values().iterator();
        while (it.hasNext()) {
            if (it.next().processingTime() < cutoff) {
                it.remove();
            }
        }
        nextSweep = cutoff + Math.max(1, sweepEvery);
    }

    public int size() {
        return marks.size();
    }

    public long nextSweep() {
        return nextSweep;
    }

    /** Keys with their marks, sorted by key (deterministic snapshots). */
    public List<Map.Entry<String, Mark>> entriesSorted() {
        List<Map.Entry<String, Mark>> out = new ArrayList<>(marks.entrySet());
        out.sort(Map.Entry.comparingByKey());
        return Collections.unmodifiableList(out);
    }

    /** Restores one entry (codec). */
    public void restore(String partitionKey, Mark mark) {
        marks.put(Objects.requireNonNull(partitionKey), Objects.requireNonNull(mark));
        highest = SequenceNumbers.max(highest, mark.sequenceNumber());
    }

    public void restoreNextSweep(long nextSweep) {
        this.nextSweep = nextSweep;
    }
}
