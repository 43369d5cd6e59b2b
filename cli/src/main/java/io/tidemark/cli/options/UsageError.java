package io.tidemark.cli.options;

/**
 * Options that do not go together or a value out of range, found by a command after parsing: printed as one
 * line with a hint, exit code {@link ExitCodes#USAGE} (as picocli's own parse errors).
 */
public final class UsageError extends IllegalArgumentException {

    public UsageError(String message) {
        super(message);
    }
}
