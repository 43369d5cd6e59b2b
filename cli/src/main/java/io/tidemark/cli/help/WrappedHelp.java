package io.tidemark.cli.help;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.List;
import java.util.Map;

/**
 * Help that fits the terminal's width and never cuts a URL, an option's label or an example in the middle.
 * Picocli wraps with a line-break iterator that also breaks after {@code :} and {@code /}, so that
 * {@code http://localhost:4566} came out as {@code http:} and {@code //localhost:4566} on two lines; here each
 * section is laid out by picocli on one long line and then wrapped at spaces only, continuation lines indented
 * under their column (the option descriptions, the synopsis after the command name). Example lines of the
 * footer (indented by two spaces) are printed whole however narrow the terminal: a command broken in two
 * cannot be copied.
 */
public final class WrappedHelp {

    private static final int WIDE = 10_000;
    private static final List<String> SECTIONS = List.of(UsageMessageSpec.SECTION_KEY_SYNOPSIS, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, UsageMessageSpec.SECTION_KEY_OPTION_LIST, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            UsageMessageSpec.SECTION_KEY_FOOTER);

    private WrappedHelp() {
    }

    /** Installs the wrapping on a command line and all its subcommands. */
    public static void install(CommandLine cli) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        for (String key : SECTIONS) {
            CommandLine.IHelpSectionRenderer picocli = sections.get(key);
            if (picocli != null) {
                sections.put(key, help -> wrap(key, wide(help, picocli), help.commandSpec().usageMessage().width(),
                        key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS) ? help.synopsisHeading().length() : 0));
            }
        }
        cli.setHelpSectionMap(sections);
        cli.getSubcommands().values().forEach(WrappedHelp::install);
    }

    /** What picocli renders with room for every line. */
    private static String wide(CommandLine.Help help, CommandLine.IHelpSectionRenderer picocli) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        boolean auto = usage.autoWidth();
        int width = usage.width();
        usage.autoWidth(false);
        usage.width(WIDE);
        try {
            return picocli.render(help);
        } finally {
            usage.width(width);
            usage.autoWidth(auto);
        }
    }

    static String wrap(String section, String text, int width) {
        return wrap(section, text, width, 0);
    }

    /**
     * @param headingLength what precedes the section's first line on the same line ({@code "Usage: "} for the synopsis)
     */
    static String wrap(String section, String text, int width, int headingLength) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\\R", -1);
        boolean table = section.equals(UsageMessageSpec.SECTION_KEY_OPTION_LIST) || section.equals(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST)
                || section.equals(UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        int column = table ? descriptionColumn(lines) : -1;
        // A narrow terminal: names on their own line, descriptions under them, rather than a sliver of a column.
        boolean stacked = table && column > width * 2 / 5;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            boolean example = section.equals(UsageMessageSpec.SECTION_KEY_FOOTER) && line.startsWith("  ");
            if (stacked && line.length() > column) {
                String names = line.substring(0, column).stripTrailing();
                if (!names.isBlank()) {
                    out.append(names).append(System.lineSeparator());
                }
                wrapLine(" ".repeat(STACKED_INDENT) + line.substring(column).strip(), width, STACKED_INDENT + 2, out);
            } else if (line.length() + (i == 0 ? headingLength : 0) <= width || example) {
                out.append(line);
            } else if (table) {
                wrapLine(line, width, column + 2, out); // picocli's continuation indent in the description column
            } else if (section.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                int bracket = line.indexOf(" [");
                wrapLine(line, width, bracket < 0 ? 4 : bracket + 1 + headingLength, out, headingLength);
            } else {
                wrapLine(line, width, leadingSpaces(line), out);
            }
            if (i < lines.length - 1) {
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static final int STACKED_INDENT = 8;

    /** Breaks {@code line} at spaces into lines of at most {@code width}; continuation lines start at {@code indent}. */
    static void wrapLine(String line, int width, int indent, StringBuilder out) {
        wrapLine(line, width, indent, out, 0);
    }

    /** As above, the first line {@code firstLineOffset} narrower (text before it on the same line). */
    private static void wrapLine(String line, int width, int indent, StringBuilder out, int firstLineOffset) {
        int lead = leadingSpaces(line);
        StringBuilder current = new StringBuilder(line.substring(0, lead));
        int limit = width - firstLineOffset;
        boolean empty = true;
        for (String word : line.substring(lead).split(" ")) {
            if (!empty && current.length() + 1 + word.length() > limit) {
                out.append(current.toString().stripTrailing()).append(System.lineSeparator());
                current = new StringBuilder(" ".repeat(indent));
                limit = width;
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        out.append(current.toString().stripTrailing());
    }

    /** The column where descriptions start in an options table laid out on long lines: after the first gap of two spaces. */
    private static int descriptionColumn(String[] lines) {
        for (String line : lines) {
            int start = leadingSpaces(line);
            int gap = line.indexOf("  ", start);
            if (start < line.length() && gap > 0) {
                int column = gap;
                while (column < line.length() && line.charAt(column) == ' ') {
                    column++;
                }
                if (column < line.length()) {
                    return column - 2;
                }
            }
        }
        return 0;
    }

    private static int leadingSpaces(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
