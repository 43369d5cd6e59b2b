package io.tidemark.handlers;

import io.tidemark.events.Event;

import java.util.List;
import java.util.Objects;

/**
 * Turns a Kinesis record's bytes into a valid {@link Event} or the reasons it is invalid (each
 * naming the field). The handler's only view of the event contract, so the implementation can be
 * swapped (the events module's validator) without touching the handler.
 * <p>
 * An implementation returns {@link Invalid} for bad input; if it throws, that is a processing
 * failure (a bug), which the handler reports as a batch item failure.
 */
@FunctionalInterface
public interface RecordDecoder {

    Decoded decode(byte[] data);

    /** The outcome of decoding one record. */
    sealed interface Decoded permits Valid, Invalid {
    }

    record Valid(Event event) implements Decoded {
        public Valid {
            Objects.requireNonNull(event, "event");
        }
    }

    record Invalid(List<String> problems) implements Decoded {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid record needs at least one problem");
            }
        }
    }
}
