package io.tidemark.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as a user installs it: {@code target/tidemark-<version>.tar.gz} unpacked, and
 * {@code bin/tidemark} run from a shell — the version from the jar's manifest, exit code 2 for a usage error,
 * a completion script bash accepts.
 */
class DistributionIT {

    @TempDir
    static Path installed;

    private static Path home;
    private static String version;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (var files = Files.list(Path.of("target"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("tidemark-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/tidemark-<version>.tar.gz: run ./mvnw -pl cli -am package"));
        }
        Matcher m = Pattern.compile("tidemark-(.+)\\.tar\\.gz").matcher(tarball.getFileName().toString());
        assertThat(m.matches()).isTrue();
        version = m.group(1);
        Shell unpacked = shell("tar xzf " + tarball.toAbsolutePath() + " -C " + installed);
        assertThat(unpacked.exit()).as(unpacked.err()).isZero();
        home = installed.resolve("tidemark-" + version);
        assertThat(home.resolve("bin/tidemark")).isExecutable();
        assertThat(home.resolve("bin/tidemark.cmd")).exists();
        assertThat(home.resolve("lib/tidemark.jar")).exists();
    }

    @Test
    void versionIsTheReleasedVersion() throws Exception {
        Shell result = shell(home.resolve("bin/tidemark") + " --version");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("tidemark " + version);
    }

    @Test
    void aBogusCommandExitsWithTwoAndAHint() throws Exception {
        Shell result = shell(home.resolve("bin/tidemark") + " bogus; echo $?");

        assertThat(result.out().strip()).isEqualTo("2");
        assertThat(result.err()).contains("Unmatched argument at index 0: 'bogus'").contains("Try 'tidemark --help' for usage.");
        assertThat(result.err().strip().lines().toList()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void theCompletionScriptIsAcceptedByBash() throws Exception {
        Shell result = shell("source <(" + home.resolve("bin/tidemark") + " completion bash) && complete -p tidemark");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().strip()).matches("complete .*-F _complete_tidemark tidemark");
    }

    private record Shell(int exit, String out, String err) {
    }

    private static Shell shell(String script) throws IOException, InterruptedException {
        Path out = Files.createTempFile(installed, "out", ".txt");
        Path err = Files.createTempFile(installed, "err", ".txt");
        Process p = new ProcessBuilder(List.of("bash", "-c", script)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 2 minutes: " + script);
        }
        return new Shell(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
