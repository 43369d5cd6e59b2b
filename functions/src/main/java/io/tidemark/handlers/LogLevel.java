package io.tidemark.handlers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The levels of the handlers' log lines: Lambda's application log levels, least severe first. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    /** Whether a line of this level is written when {@code threshold} is the lowest level let through. */
    boolean reaches(LogLevel threshold) {
        return compareTo(threshold) >= 0;
    }

    /** The level a variable names (any case; {@code WARNING} for {@code WARN}), or empty if it names none. */
    static Optional<LogLevel> parse(String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (name.equals("WARNING")) {
            return Optional.of(WARN);
        }
        return Arrays.stream(values()).filter(l -> l.name().equals(name)).findFirst();
    }
}
