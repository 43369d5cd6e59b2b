package io.tidemark.cli;

import io.tidemark.testkit.emulators.Endpoints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code tidemark …} as its own JVM on the test classpath, with the emulators' endpoints in its
 * environment — as a user runs it in a second terminal. Output goes to files in {@code dir}.
 */
final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static CliProcess start(Endpoints endpoints, Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Tidemark.class.getName()));
        command.addAll(List.of(args));
        String name = "tidemark-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(endpoints.asEnvironment());
        return new CliProcess(builder.start(), out, err);
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Polls standard output until {@code done} holds for its lines, or fails after {@code timeout}. */
    List<String> awaitStdout(Predicate<List<String>> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = stdoutLines();
            if (done.test(lines)) {
                return lines;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tidemark exited with " + process.exitValue() + " before its output was complete: "
                        + lines + "\nstderr: " + stderr());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tidemark's output was not complete after " + timeout + ": " + stdoutLines() + "\nstderr: " + stderr());
    }

    /** The exit code, waiting at most {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tidemark did not exit within " + timeout + "\nstderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Ctrl-C: SIGTERM runs the same shutdown hooks as SIGINT. */
    void interrupt() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
