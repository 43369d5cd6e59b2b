package io.tidemark.events.generator;

import io.tidemark.events.Event;

/**
 * One line of generated traffic, in arrival order.
 *
 * @param kind          why it is there
 * @param event         the event it carries; for an invalid line, the valid event it was corrupted from
 * @param arrivalMillis when it reaches the stream (event time + delay)
 * @param corruption    for {@link Kind#INVALID} lines, how it was broken; else null
 * @param invalidLine   for {@link Kind#INVALID} lines, the text written; else null
 */
public record GeneratedRecord(Kind kind, Event event, long arrivalMillis, Corruption corruption, String invalidLine) {

    public enum Kind {
        /** A distinct valid event on time (within the out-of-orderness bound). */
        VALID,
        /** A distinct valid event that arrives long after its event time. */
        LATE,
        /** The same record again (same event id): a producer retry. */
        DUPLICATE,
        /** The same purchase again under a new event id (same order id, amount and time). */
        ORDER_DUPLICATE,
        /** A corrupted record (its own event id), to be quarantined. */
        INVALID
    }

    public boolean isValid() {
        return kind != Kind.INVALID;
    }
}
