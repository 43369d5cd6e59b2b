package io.tidemark.core.state;

import io.tidemark.core.stream.SequenceNumbers;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per partition key, a sequence number at or above that of the key's last applied record: a
 * record at or below it was applied already (a Lambda retry, a bisected batch, a replay over the
 * same tables) and is skipped. A step marks every key it touched with the step's highest sequence
 * number: exact for batches cut from one shard in order (Lambda's event source mapping, with any
 * parallelization factor, keeps each key's records in order and never hands a later batch of a key
 * records below an earlier batch's maximum), and one shared mark per step keeps snapshots small.
 * Keys untouched for {@code sequenceRetention} of processing time are forgotten.
 */
public final class SequenceMemory {

    /** A step's highest sequence number and processing time, shared by every key the step touched. */
    public record Mark(String sequenceNumber, long processingTime) {
        public Mark {
            SequenceNumbers.requireValid(sequenceNumber);
        }
    }

    // Insertion order is last-touch order: expiry walks from the head.
    private final LinkedHashMap<String, Mark> marks = new LinkedHashMap<>();

    /** Whether a record of {@code partitionKey} at {@code sequenceNumber} was applied already. */
    public boolean isApplied(String partitionKey, String sequenceNumber) {
        Mark mark = marks.get(partitionKey);
        return mark != null && SequenceNumbers.compare(sequenceNumber, mark.sequenceNumber()) <= 0;
    }

    /** Marks {@code partitionKey} as applied up to {@code mark}. */
    public void touch(String partitionKey, Mark mark) {
        Mark previous = marks.get(partitionKey);
        if (previous == mark) {
            return;
        }
        if (previous != null) {
            marks.remove(partitionKey);
            if (SequenceNumbers.compare(previous.sequenceNumber(), mark.sequenceNumber()) > 0) {
                // Never go back (not expected from an event source mapping): keep the higher number.
                mark = new Mark(previous.sequenceNumber(), mark.processingTime());
            }
        }
        marks.put(partitionKey, mark);
    }

    /** Forgets keys last touched before processing time {@code cutoff}. */
    public void forgetTouchedBefore(long cutoff) {
        Iterator<Mark> it = marks.values().iterator();
        while (it.hasNext() && it.next().processingTime() < cutoff) {
            it.remove();
        }
    }

    public int size() {
        return marks.size();
    }

    /** Keys with their marks in last-touch order, for snapshots. */
    public Iterable<Map.Entry<String, Mark>> entries() {
        return marks.entrySet();
    }

    /** Restores one entry, in last-touch order (codec). */
    public void restore(String partitionKey, Mark mark) {
        marks.put(Objects.requireNonNull(partitionKey), Objects.requireNonNull(mark));
    }
}
