package io.tidemark.core.state.codec;

/** A snapshot or log entry that cannot be decoded: truncated, of an unknown version, or for other settings. */
public final class CorruptStateException extends RuntimeException {

    public CorruptStateException(String message) {
        super(message);
    }

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
