package io.tidemark.cli;

import io.tidemark.cli.commands.AlertsCommand;
import io.tidemark.cli.commands.CustomersCommand;
import io.tidemark.cli.commands.DashboardCommand;
import io.tidemark.cli.commands.GenerateCommand;
import io.tidemark.cli.commands.LocalCommand;
import io.tidemark.cli.commands.PutCommand;
import io.tidemark.cli.commands.QueryCommand;
import io.tidemark.cli.commands.ReplayCommand;
import io.tidemark.cli.commands.RunCommand;
import io.tidemark.cli.options.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tidemark} command. Each subcommand is one class in {@code io.tidemark.cli.commands};
 * errors are one line on stderr (the stack trace only with {@code --debug}); exit codes are in
 * {@link ExitCodes}.
 */
@Command(name = "tidemark",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Event-time stream processing for e-commerce analytics on AWS: generate traffic, put it on Kinesis, "
                + "run the pipeline locally, query the views, tail the alerts, replay the archive, load the customers table.",
        subcommands = {GenerateCommand.class, PutCommand.class, LocalCommand.class, QueryCommand.class, AlertsCommand.class,
                CustomersCommand.class, RunCommand.class, ReplayCommand.class, DashboardCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 error, 2 bad usage, 3 partly failed (some records not delivered), 4 some input lines invalid, "
                + "5 replayed views differ.",
                "Endpoints, region and credentials follow the AWS conventions: --endpoint-url, AWS_ENDPOINT_URL, "
                        + "AWS_ENDPOINT_URL_<SERVICE>, AWS_PROFILE, AWS_REGION."})
public final class Tidemark implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Exit explicitly: the SDK's HTTP clients and the pipeline's pools may leave non-daemon threads behind.
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this; main exits with it). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Tidemark());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
