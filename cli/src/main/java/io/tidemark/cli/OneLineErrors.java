package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import picocli.CommandLine;

/** Failures print one line, {@code tidemark <command> [<subcommand>]: <message>}; {@code --debug} adds the stack trace. */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean debug = parseResult.expandedArgs().contains("--debug");
        String name = commandLine.getCommandSpec().qualifiedName(); // "tidemark alerts tail"
        String message = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        commandLine.getErr().println(name + ": " + message.lines().findFirst().orElse(message));
        if (debug) {
            e.printStackTrace(commandLine.getErr());
        }
        return e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.ERROR;
    }
}
