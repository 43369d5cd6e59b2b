package io.tidemark.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --output table|text|json} (and {@code --json}) for commands that list things, as the AWS CLI offers:
 * an aligned table with a header for reading, tab-separated values without a header for {@code cut} and
 * {@code awk}, or one JSON object per line. A picocli mixin; add rows, then {@link #print}.
 */
public final class ListFormat {

    /** The formats. */
    public enum Format { table, text, json }

    @Option(names = "--output", paramLabel = "FORMAT", description = "table (default: aligned columns), text (tab-separated, no header) "
            + "or json (one object per line).")
    Format output;

    @Option(names = "--json", description = "The same as --output json.")
    boolean json;

    private List<String> header = List.of();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<ObjectNode> objects = new ArrayList<>();

    public Format format() {
        return json ? Format.json : output == null ? Format.table : output;
    }

    public boolean isJson() {
        return format() == Format.json;
    }

    public ListFormat header(String... columns) {
        this.header = List.of(columns);
        return this;
    }

    /** One row: its cells for table and text, its object for json. */
    public void add(ObjectNode object, String... cells) {
        objects.add(object);
        rows.add(List.of(cells));
    }

    public void print(PrintStream out) {
        switch (format()) {
            case json -> objects.forEach(out::println);
            case text -> rows.forEach(r -> out.println(String.join("\t", r)));
            case table -> printTable(out);
        }
    }

    private void printTable(PrintStream out) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
