package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import io.tidemark.cli.options.UsageError;
import picocli.CommandLine;

/**
 * Failures print one line, {@code tidemark <command> [<subcommand>]: <message>}; {@code --debug} adds the stack
 * trace. A usage error found by the command itself ({@link UsageError}) exits 2 with the same hint as picocli's.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean debug = parseResult.expandedArgs().contains("--debug");
        String name = commandLine.getCommandSpec().qualifiedName(); // "tidemark alerts tail"
        String message = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        commandLine.getErr().println(name + ": " + message.lines().findFirst().orElse(message));
        boolean usage = e instanceof UsageError || e instanceof CommandLine.ParameterException;
        if (usage) {
            commandLine.getErr().println(UsageErrors.hint(commandLine));
        }
        if (debug) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return usage ? ExitCodes.USAGE : ExitCodes.ERROR;
    }
}
