package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * A command line picocli cannot parse (an unknown command or option, a missing argument, a value of the
 * wrong type): the error and one line saying where help is, exit code 2 — not the whole help.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            err.println("Did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
        }
        err.println(hint(cli));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The one line after a usage error. */
    static String hint(CommandLine cli) {
        return "Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.";
    }
}
