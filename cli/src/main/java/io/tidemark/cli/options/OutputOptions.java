package io.tidemark.cli.options;

import picocli.CommandLine.Option;

/** {@code --json} for commands that print results (a picocli mixin). */
public final class OutputOptions {

    @Option(names = "--json", description = "Print machine-readable JSON (one object per line where there are several).")
    public boolean json;
}
