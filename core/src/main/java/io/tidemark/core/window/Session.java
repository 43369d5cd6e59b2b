package io.tidemark.core.window;

/**
 * One session of one key: the first and last event times and the number of events. Its window
 * under a gap is {@code [start, lastEvent + gap)}.
 *
 * @param start     time of the first event (epoch ms)
 * @param lastEvent time of the last event (epoch ms)
 * @param events    number of events
 */
public record Session(long start, long lastEvent, long events) {

    public Session {
        if (lastEvent < start || events < 1) {
            throw new IllegalArgumentException("a session needs start <= lastEvent and events >= 1, got "
                    + start + ", " + lastEvent + ", " + events);
        }
    }

    public static Session of(long eventTime) {
        return new Session(eventTime, eventTime, 1);
    }
}
