package io.tidemark.cli.docs;

import io.tidemark.cli.Tidemark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What README.md and docs/*.md name must exist: backticked classes that look like ours (fully qualified
 * {@code io.tidemark.…}, or simple names with the endings our classes have) in the repository's sources, and every
 * {@code tidemark <command> … --option} (in command blocks and backticks) in the CLI's own picocli model.
 */
class DocumentedNamesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.tidemark(?:\\.[A-Za-z_][A-Za-z0-9_]*)+");
    /** Simple names ending as our classes do; AWS's, the JDK's and Flink's names mostly do not ({@code PutRecords}: no {@code Records}). */
    private static final Pattern OURS = Pattern.compile("(?<![\\w.$-])([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)*"
            + "(?:Handler|Test|IT|Properties|Benchmark|Codec|View|Store|Command|Contract|Simulation|Processor|Tracker|Codec"
            + "|Lane|Lanes|Putter|Directory|Memory|Assembler|Comparison|Report|Reader|Writer|Settings|Pipeline|Rows))(?![\\w$])");
    private static final Pattern TIDEMARK_COMMAND = Pattern.compile("(?:^|[\\s(|;&`$])(?:\\./|bin/)?tidemark((?:\\s+[^|;&#>\\n]*)?)");

    private static Set<String> simpleNames;
    private static Set<String> packages;
    private static Set<String> qualifiedNames;

    @BeforeAll
    static void sources() throws IOException {
        simpleNames = new HashSet<>();
        packages = new HashSet<>();
        qualifiedNames = new HashSet<>();
        Pattern declared = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");
        Pattern packageLine = Pattern.compile("(?m)^package\\s+([\\w.]+);");
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher pkg = packageLine.matcher(source);
                String packageName = pkg.find() ? pkg.group(1) : "";
                addPackages(packageName);
                String top = file.getFileName().toString().replace(".java", "");
                simpleNames.add(top);
                qualifiedNames.add(packageName + "." + top);
                Matcher m = declared.matcher(source);
                while (m.find()) {
                    simpleNames.add(m.group(1));
                    qualifiedNames.add(packageName + "." + top + "." + m.group(1));
                }
            }
        }
    }

    @Test
    void everyClassNamedInTheDocsExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path document : CommandBlocks.documents(ROOT)) {
            List<String> lines = Files.readAllLines(ROOT.resolve(document), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher span = BACKTICKED.matcher(lines.get(i));
                while (span.find()) {
                    for (String name : classNames(span.group(1))) {
                        if (!exists(name)) {
                            missing.add(document + ":" + (i + 1) + ": " + name);
                        }
                    }
                }
            }
        }
        assertThat(missing).as("classes the docs name that the sources do not have: rename them in the docs, or drop them").isEmpty();
    }

    @Test
    void everyCommandAndOptionNamedInTheDocsIsTheClis() throws IOException {
        CommandLine cli = Tidemark.commandLine(Map.of());
        List<String> wrong = new ArrayList<>();
        for (Path document : CommandBlocks.documents(ROOT)) {
            List<String> lines = Files.readAllLines(ROOT.resolve(document), StandardCharsets.UTF_8);
            Set<Integer> inBlocks = new HashSet<>();
            for (CommandBlocks.Block block : CommandBlocks.parse(document, lines)) {
                int n = (int) block.commands().lines().count();
                for (int k = 1; k <= n; k++) {
                    inBlocks.add(block.line() + k);
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                List<String> commands = new ArrayList<>();
                if (inBlocks.contains(i + 1)) {
                    commands.add(lines.get(i));
                } else {
                    Matcher span = BACKTICKED.matcher(lines.get(i));
                    while (span.find()) {
                        commands.add(span.group(1));
                    }
                }
                for (String text : commands) {
                    Matcher m = TIDEMARK_COMMAND.matcher(text);
                    while (m.find()) {
                        String problem = check(cli, m.group(1).strip());
                        if (problem != null) {
                            wrong.add(document + ":" + (i + 1) + ": tidemark " + m.group(1).strip() + ": " + problem);
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("commands and options the docs name that the CLI does not have").isEmpty();
    }

    /** {@code null} when the words are a command path of the CLI followed by its own options; else what is wrong. */
    static String check(CommandLine root, String words) {
        CommandLine command = root;
        boolean commandWords = true;
        for (String word : words.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.startsWith("--")) {
                commandWords = false;
                String option = word.replaceFirst("[=\\[].*$", "").replaceAll("[),.:;'\"]+$", "");
                if (option.length() > 2 && !hasOption(command, option)) {
                    return "no option " + option + " on " + command.getCommandSpec().qualifiedName();
                }
            } else if (commandWords && word.matches("[a-z][a-z-]*")) {
                CommandLine sub = command.getSubcommands().get(word);
                if (sub != null) {
                    command = sub;
                } else if (command == root) {
                    return "no command " + word;
                } else {
                    commandWords = false; // a positional parameter
                }
            } else {
                commandWords = false;
            }
        }
        return null;
    }

    /** The option itself, or {@code --no-x} of a negatable {@code --x}. */
    private static boolean hasOption(CommandLine command, String option) {
        if (command.getCommandSpec().findOption(option) != null) {
            return true;
        }
        CommandLine.Model.OptionSpec positive = option.startsWith("--no-")
                ? command.getCommandSpec().findOption("--" + option.substring("--no-".length())) : null;
        return positive != null && positive.negatable();
    }

    /** The names in a backticked span that must be our classes. */
    static List<String> classNames(String span) {
        List<String> names = new ArrayList<>();
        Matcher q = QUALIFIED.matcher(span);
        while (q.find()) {
            names.add(q.group());
        }
        String rest = QUALIFIED.matcher(span).replaceAll(" ");
        Matcher s = OURS.matcher(rest);
        while (s.find()) {
            names.add(s.group(1));
        }
        return names;
    }

    private static boolean exists(String name) {
        if (!name.startsWith("io.tidemark")) {
            return simpleNames.contains(name);
        }
        return packages.contains(name) || qualifiedNames.contains(name)
                || qualifiedNames.stream().anyMatch(q -> name.startsWith(q + "."));
    }

    private static void addPackages(String packageName) {
        String p = packageName;
        while (!p.isEmpty()) {
            packages.add(p);
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
    }
}
