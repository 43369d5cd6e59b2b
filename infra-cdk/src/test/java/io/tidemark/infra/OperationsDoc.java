package io.tidemark.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docs/operations.md split into its level-3 sections: heading → body. */
final class OperationsDoc {

    static final Path FILE = Tools.ROOT.resolve("docs/operations.md");

    private OperationsDoc() {
    }

    static Map<String, String> sections() throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        String heading = null;
        StringBuilder body = new StringBuilder();
        List<String> lines = Files.readAllLines(FILE);
        for (String line : lines) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                if (heading != null) {
                    sections.put(heading, body.toString());
                }
                heading = line.startsWith("### ") ? line.substring(4).trim() : null;
                body.setLength(0);
            } else if (heading != null) {
                body.append(line).append('\n');
            }
        }
        if (heading != null) {
            sections.put(heading, body.toString());
        }
        return sections;
    }

    /** The first fenced block of a language in a section's body, without its fences. */
    static String firstBlock(String body, String language) {
        int start = body.indexOf("```" + language + "\n");
        if (start < 0) {
            throw new AssertionError("no ```" + language + " block in:\n" + body);
        }
        int from = start + language.length() + 4;
        return body.substring(from, body.indexOf("```", from));
    }
}
