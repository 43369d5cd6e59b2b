package io.tidemark.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ```bash} blocks of the repository's documents (README.md and docs/*.md), in order, each with the
 * line its fence opens on and, when the line before it is {@code <!-- not run here: REASON -->}, why it is not run.
 */
final class CommandBlocks {

    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run here(?::\\s*(.*?))?\\s*-->");

    /** One block: its commands as written, and the reason it is not run ({@code null}: it runs; blank: no reason given). */
    record Block(Path document, int line, String commands, String notRunReason) {
        boolean runs() {
            return notRunReason == null;
        }

        String where() {
            return document + ":" + line;
        }
    }

    private CommandBlocks() {
    }

    /** README.md and docs/*.md of the repository at {@code root}, in that order, as paths relative to it. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().map(root::relativize).forEach(documents::add);
        }
        return documents;
    }

    static List<Block> of(Path root, Path document) throws IOException {
        return parse(document, Files.readAllLines(root.resolve(document), StandardCharsets.UTF_8));
    }

    static List<Block> parse(Path document, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String fence = null;
        boolean bash = false;
        int opened = 0;
        StringBuilder commands = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (fence == null) {
                if (stripped.startsWith("```")) {
                    fence = stripped.substring(0, stripped.length() - stripped.replaceFirst("^`+", "").length());
                    bash = stripped.substring(fence.length()).strip().equals("bash");
                    opened = i;
                    commands.setLength(0);
                }
            } else if (stripped.equals(fence)) {
                if (bash) {
                    blocks.add(new Block(document, opened + 1, commands.toString(), notRunReason(lines, opened)));
                }
                fence = null;
            } else {
                commands.append(line).append('\n');
            }
        }
        if (fence != null) {
            throw new IllegalArgumentException(document + ":" + (opened + 1) + ": a code block that is never closed");
        }
        return blocks;
    }

    /** The reason on the line before the fence ({@code ""} when the comment gives none), or {@code null}. */
    private static String notRunReason(List<String> lines, int fence) {
        int before = fence - 1;
        while (before >= 0 && lines.get(before).isBlank()) {
            before--;
        }
        if (before < 0) {
            return null;
        }
        Matcher m = NOT_RUN.matcher(lines.get(before).strip());
        if (!m.matches()) {
            return null;
        }
        return m.group(1) == null ? "" : m.group(1).strip();
    }
}
