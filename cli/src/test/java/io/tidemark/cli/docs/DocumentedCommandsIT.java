package io.tidemark.cli.docs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```bash} block of README.md and docs/*.md, run as a reader runs it: a document's blocks in order in one
 * fresh bash session ({@code -euo pipefail}, no AWS settings, a home of its own) in a checkout of the repository whose
 * {@code ./tidemark} and {@code cli/target} are this build's, with the AWS CLI v2 as {@code aws} on the {@code PATH}. A
 * document that needs the emulators starts them itself ({@code export $(localstack/emulators/start)}); whatever it leaves
 * running is stopped after it. A block preceded by {@code <!-- not run here: REASON -->} is skipped, and counted.
 */
class DocumentedCommandsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Per document: the longest a reader waits here for its blocks. */
    private static final long TIMEOUT_MINUTES = 8;

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> everyDocumentedBlockRunsAsWritten() throws IOException {
        Path aws = awsCliV2();
        Assumptions.assumeTrue(aws != null, "no AWS CLI v2 at /usr/bin/aws: install it (apt-get install awscli), as .ci/run does");
        List<DynamicTest> tests = new ArrayList<>();
        int skipped = 0;
        for (Path document : CommandBlocks.documents(ROOT)) {
            List<CommandBlocks.Block> blocks = CommandBlocks.of(ROOT, document);
            for (CommandBlocks.Block block : blocks) {
                assertThat(block.runs() || !block.notRunReason().isBlank())
                        .as("%s: <!-- not run here: … --> gives no reason", block.where()).isTrue();
                if (!block.runs()) {
                    skipped++;
                    System.out.println("not run: " + block.where() + ": " + block.notRunReason());
                }
            }
            List<CommandBlocks.Block> runnable = blocks.stream().filter(CommandBlocks.Block::runs).toList();
            if (!runnable.isEmpty()) {
                tests.add(DynamicTest.dynamicTest(document.toString(), () -> run(document, runnable, aws)));
            }
        }
        System.out.println("documented bash blocks not run here: " + skipped);
        return tests.stream();
    }

    private static void run(Path document, List<CommandBlocks.Block> blocks, Path aws) throws Exception {
        Path checkout = checkout(document);
        Path home = Files.createDirectories(checkout.resolve(".home"));
        Path bin = Files.createDirectories(checkout.resolve(".bin"));
        Files.createSymbolicLink(bin.resolve("aws"), aws);
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        // Test machinery, not the document's: whatever emulators it started are stopped, however it ends.
        script.append("trap 'cd ").append(checkout).append(" && localstack/emulators/stop >/dev/null 2>&1 || true' EXIT\n");
        for (CommandBlocks.Block block : blocks) {
            script.append("echo '▶ ").append(block.where()).append("'\n").append(block.commands());
        }
        Path scriptFile = checkout.resolve(".blocks.sh");
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        Path output = checkout.resolve(".output");
        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString()).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        String path = bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin");
        String javaHome = env.get("JAVA_HOME");
        env.clear();
        env.put("HOME", home.toString());
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        String failedAt = out.lines().filter(l -> l.startsWith("▶ ")).reduce((a, b) -> b).orElse("▶ before the first block").substring(2);
        assertThat(exited).as("%s did not finish within %d minutes, at %s:\n%s", document, TIMEOUT_MINUTES, failedAt, tail(out)).isTrue();
        assertThat(process.exitValue()).as("the block at %s failed (exit %d):\n%s", failedAt, process.exitValue(), tail(out)).isZero();
    }

    /**
     * The repository as a reader has it, in a directory of its own: its entries linked, so what the blocks write lands
     * here; {@code localstack/emulators} a directory of links, so the emulators' state (pids, endpoints) is this run's.
     */
    private static Path checkout(Path document) throws IOException {
        Path checkout = Files.createDirectories(work.resolve(document.toString().replace('/', '_')));
        try (Stream<Path> entries = Files.list(ROOT)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals("localstack") && !name.equals(".git")) {
                    Files.createSymbolicLink(checkout.resolve(name), entry);
                }
            }
        }
        Path localstack = Files.createDirectories(checkout.resolve("localstack"));
        try (Stream<Path> entries = Files.list(ROOT.resolve("localstack"))) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("emulators")) {
                    Files.createSymbolicLink(localstack.resolve(entry.getFileName()), entry);
                }
            }
        }
        Path emulators = Files.createDirectories(localstack.resolve("emulators"));
        try (Stream<Path> entries = Files.list(ROOT.resolve("localstack/emulators"))) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(".state")) {
                    Files.createSymbolicLink(emulators.resolve(entry.getFileName()), entry);
                }
            }
        }
        return checkout;
    }

    /** Debian's AWS CLI v2, if it is installed. */
    private static Path awsCliV2() {
        Path aws = Path.of("/usr/bin/aws");
        if (!Files.isExecutable(aws)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && version.startsWith("aws-cli/2") ? aws : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tail(String out) {
        List<String> lines = out.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
