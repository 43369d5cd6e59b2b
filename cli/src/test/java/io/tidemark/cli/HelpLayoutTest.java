package io.tidemark.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help fits the terminal and never cuts what a user copies: at any width every line fits, except an example
 * line or a single word longer than the width, and every URL and every example of the footer is printed whole.
 */
class HelpLayoutTest {

    private static final Pattern URL = Pattern.compile("https?://\\S+");

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {55, 80, 120})
    void everyCommandsHelpFitsTheWidthAndKeepsUrlsAndExamplesWhole(int width) {
        List<String> problems = new ArrayList<>();
        check(Tidemark.commandLine(Map.of()), width, problems);
        assertThat(problems).isEmpty();
    }

    private static void check(CommandLine cli, int width, List<String> problems) {
        String name = cli.getCommandSpec().qualifiedName();
        String wide = render(cli, 1_000);
        String narrow = render(cli, width);
        // The footer's examples: its lines indented by two spaces, printed whole however narrow the terminal.
        List<String> examples = Arrays.stream(cli.getCommandSpec().usageMessage().footer()).flatMap(String::lines)
                .filter(l -> l.startsWith("  ")).map(String::stripTrailing).toList();
        for (String line : narrow.split("\\R")) {
            boolean example = examples.contains(line.stripTrailing());
            boolean oneWord = !line.strip().contains(" ");
            if (line.length() > width && !example && !oneWord) {
                problems.add(name + ": a line of " + line.length() + " columns: " + line);
            }
        }
        Matcher url = URL.matcher(wide);
        while (url.find()) {
            if (!narrow.contains(url.group())) {
                problems.add(name + ": URL cut: " + url.group());
            }
        }
        for (String example : examples) {
            if (!narrow.contains(example)) {
                problems.add(name + ": example cut: " + example.strip());
            }
        }
        cli.getSubcommands().values().stream().filter(sub -> sub.getCommandSpec().parent() == cli.getCommandSpec())
                .forEach(sub -> check(sub, width, problems));
    }

    private static String render(CommandLine cli, int width) {
        CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.autoWidth(false);
        usage.width(width);
        return cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
