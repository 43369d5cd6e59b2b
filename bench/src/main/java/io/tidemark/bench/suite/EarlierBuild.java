package io.tidemark.bench.suite;

import io.tidemark.bench.coldstart.ColdStartRun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda jar of an earlier build, to measure beside this one ({@code bench/run --before REF}):
 * a jar file, or a commit of this repository, whose tree is exported ({@code git archive}) into the
 * work directory and packaged there with its own Maven wrapper (once: a later run reuses the jar).
 */
final class EarlierBuild {

    private EarlierBuild() {
    }

    static ColdStartRun.Build resolve(String ref, Path repository, Path workDir, PrintStream progress) throws IOException, InterruptedException {
        Path asFile = Path.of(ref);
        if (Files.isRegularFile(asFile)) {
            return ColdStartRun.Build.of("before", asFile.toAbsolutePath().toString(), asFile.toAbsolutePath());
        }
        String commit = run(repository, "git", "rev-parse", "--short", ref + "^{commit}").strip();
        Path tree = workDir.resolve("before-" + commit);
        Path target = tree.resolve("functions/target");
        if (!Files.isDirectory(target) || Files.list(target).noneMatch(p -> p.getFileName().toString().endsWith("-lambda.jar"))) {
            progress.println("before: exporting " + commit + " to " + tree + " and packaging its Lambda jar (./mvnw -pl functions -am package -DskipTests)");
            Files.createDirectories(tree);
            run(repository, "bash", "-c", "git archive " + commit + " | tar -x -C '" + tree + "'");
            run(tree, "./mvnw", "-B", "-ntp", "-q", "-pl", "functions", "-am", "package", "-DskipTests");
        }
        return ColdStartRun.Build.of("before", "commit " + commit, ColdStartRun.lambdaJar(tree));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("earlier-build", ".log");
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ": " + Files.readString(log).strip());
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        return out;
    }
}
