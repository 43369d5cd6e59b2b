package io.tidemark.cli;

import io.tidemark.cli.options.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions of the command line: a usage error is the error and one hint, exit code 2; every option's
 * value has a label a user can read; defaults users repeat come from the environment or a config file; an
 * endpoint that refuses is named with its service.
 */
class CliConventionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "tidemark {0}")
    @ValueSource(strings = {"bogus", "query", "put --concurrency abc", "local --shards", "quarantine list --kind sideways",
            "completion fish"})
    void aUsageErrorIsTheErrorAndOneHintWithExitCodeTwo(String line) {
        Cli.Result result = Cli.run(line.split(" "));

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        List<String> lines = result.err().strip().lines().toList();
        assertThat(lines).as("not the whole help").hasSizeBetween(2, 3);
        assertThat(lines.get(lines.size() - 1)).matches("Try 'tidemark( [a-z-]+)* --help' for usage\\.");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownCommandSuggestsTheNearestOne() {
        Cli.Result result = Cli.run("quarantin");

        assertThat(result.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Did you mean: quarantine");
    }

    /** Picocli's default label is the field's name ({@code <abandonRate>}); every option here says what it takes. */
    @Test
    void everyOptionOfEveryCommandHasAReadableLabel() {
        List<String> unlabeled = new ArrayList<>();
        Pattern fieldName = Pattern.compile("<[a-z]+[A-Z][A-Za-z]*>");
        collect(Tidemark.commandLine(Map.of()), unlabeled, fieldName);
        assertThat(unlabeled).isEmpty();
    }

    private static void collect(CommandLine cli, List<String> unlabeled, Pattern fieldName) {
        for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
            if (option.arity().max() > 0 && fieldName.matcher(option.paramLabel()).matches()) {
                unlabeled.add(cli.getCommandSpec().qualifiedName() + " " + option.longestName() + "=" + option.paramLabel());
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, unlabeled, fieldName));
    }

    @Test
    void completionPrintsABashScriptThatCompletesEveryCommand() {
        Cli.Result result = Cli.run("completion", "bash");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("complete -F").contains("quarantine").contains("failed-batches").contains("--table-prefix");
    }

    @Test
    void theTablePrefixComesFromTheEnvironmentBeforeTheConfigFileAndTheOptionBeforeBoth() throws IOException {
        Path config = dir.resolve("config.properties");
        Files.writeString(config, "table-prefix=from-file\nstack=FileStack\n");

        assertThat(tablePrefix(Map.of("TIDEMARK_CONFIG", config.toString()))).isEqualTo("from-file");
        assertThat(tablePrefix(Map.of("TIDEMARK_CONFIG", config.toString(), "TIDEMARK_TABLE_PREFIX", "from-env"))).isEqualTo("from-env");
        assertThat(tablePrefix(Map.of("TIDEMARK_CONFIG", config.toString(), "TIDEMARK_TABLE_PREFIX", "from-env"), "--table-prefix", "given"))
                .isEqualTo("given");
        assertThat(tablePrefix(Map.of("TIDEMARK_CONFIG", dir.resolve("none.properties").toString()))).as("no config file").isNull();
    }

    private static String tablePrefix(Map<String, String> env, String... more) {
        CommandLine cli = Tidemark.commandLine(env);
        List<String> args = new ArrayList<>(List.of("quarantine", "list"));
        args.addAll(List.of(more));
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult list = parsed.subcommand().subcommand();
        return list.commandSpec().findOption("--table-prefix").getValue();
    }

    @Test
    void anEndpointThatRefusesIsNamedWithItsService() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        Cli.Result result = Cli.run("quarantine", "list", "--table-prefix", "nothing-here", "--endpoint-url", "http://127.0.0.1:" + port);

        assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("cannot reach DynamoDB at http://127.0.0.1:" + port);
        assertThat(result.err().strip().lines().toList()).hasSize(1);
    }
}
