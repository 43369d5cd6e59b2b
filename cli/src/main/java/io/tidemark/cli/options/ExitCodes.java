package io.tidemark.cli.options;

/** Exit codes of every {@code tidemark} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed: the message says what and how to fix it. */
    public static final int ERROR = 1;
    /** Bad usage: an unknown option, a missing argument (picocli's own code). */
    public static final int USAGE = 2;
    /** Partly done: some records were not delivered or were rejected; the summary says which. */
    public static final int PARTIAL = 3;
    /** Everything valid was delivered, but some input lines were invalid and not sent (each is reported). */
    public static final int REJECTED = 4;
    /** {@code tidemark replay}: the rebuilt views differ from the ones compared with (each difference is printed). */
    public static final int DIFFERENCES = 5;

    private ExitCodes() {
    }
}
