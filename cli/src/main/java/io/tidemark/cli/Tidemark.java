package io.tidemark.cli;

import io.tidemark.cli.commands.AlertsCommand;
import io.tidemark.cli.commands.CompletionCommand;
import io.tidemark.cli.commands.CustomersCommand;
import io.tidemark.cli.commands.DashboardCommand;
import io.tidemark.cli.commands.FailedBatchesCommand;
import io.tidemark.cli.commands.GenerateCommand;
import io.tidemark.cli.commands.LocalCommand;
import io.tidemark.cli.commands.PutCommand;
import io.tidemark.cli.commands.QuarantineCommand;
import io.tidemark.cli.commands.QueryCommand;
import io.tidemark.cli.commands.ReplayCommand;
import io.tidemark.cli.commands.RunCommand;
import io.tidemark.cli.help.WrappedHelp;
import io.tidemark.cli.options.ConfigDefaults;
import io.tidemark.cli.options.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tidemark} command. Each subcommand is one class in {@code io.tidemark.cli.commands};
 * errors are one line on stderr (the stack trace only with {@code --debug}), a usage error adds one line
 * saying where help is; exit codes are in {@link ExitCodes}; repeated defaults come from
 * {@link ConfigDefaults}; help fits the terminal's width without cutting an example.
 */
@Command(name = "tidemark",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Event-time stream processing for e-commerce analytics on AWS: generate traffic, put it on Kinesis, "
                + "run the pipeline locally, query the views, tail the alerts, replay the archive, load the customers table, "
                + "see what was quarantined and redrive failed batches.",
        subcommands = {GenerateCommand.class, PutCommand.class, LocalCommand.class, QueryCommand.class, AlertsCommand.class,
                CustomersCommand.class, RunCommand.class, ReplayCommand.class, DashboardCommand.class, QuarantineCommand.class,
                FailedBatchesCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 error, 2 bad usage, 3 partly failed (some records not delivered), 4 some input lines invalid, "
                + "5 replayed views differ.",
                "Endpoints, region and credentials follow the AWS conventions: --endpoint-url, AWS_ENDPOINT_URL, "
                        + "AWS_ENDPOINT_URL_<SERVICE>, AWS_PROFILE, AWS_REGION.",
                "Defaults for --stack, --table-prefix, --endpoint-url, --region and --profile: TIDEMARK_STACK, TIDEMARK_TABLE_PREFIX, "
                        + "then the config file ~/.config/tidemark/config.properties (or $TIDEMARK_CONFIG); docs/cli.md."})
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
        return commandLine(System.getenv());
    }

    /** With the environment the defaults are read from (tests pass their own). */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cli = new CommandLine(new Tidemark());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        cli.setUsageHelpLongOptionsMaxWidth(32);
        cli.setDefaultValueProvider(new ConfigDefaults(env));
        WrappedHelp.install(cli);
        return cli;
    }

    /** {@code tidemark} alone: the overview of the commands. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
