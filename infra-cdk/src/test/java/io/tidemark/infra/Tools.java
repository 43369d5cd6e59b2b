package io.tidemark.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The npm CDK CLI, cfn-lint and checkov, installed by .ci/install.d/20-cdk when missing (a fresh machine). */
final class Tools {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final Path CDK = MODULE.resolve("node_modules/.bin/cdk");
    static final Path CDKLOCAL = MODULE.resolve("node_modules/.bin/cdklocal");
    static final Path CFN_LINT = MODULE.resolve(".venv/bin/cfn-lint");
    static final Path CHECKOV = MODULE.resolve(".venv-checkov/bin/checkov");

    private Tools() {
    }

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(CDK) && Files.isExecutable(CDKLOCAL) && Files.isExecutable(CFN_LINT) && Files.isExecutable(CHECKOV)) {
            return;
        }
        Path script = ROOT.resolve(".ci/install.d/20-cdk");
        Result result = run(List.of(script.toString()), ROOT, 600);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(script + " failed (" + result.exitCode() + "):\n" + result.output());
        }
    }

    record Result(int exitCode, String output, long millis) {
    }

    static Result run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, dir, timeoutSeconds, java.util.Map.of());
    }

    static Result run(List<String> command, Path dir, long timeoutSeconds, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("tidemark-tool-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String output = Files.readString(log);
        Files.delete(log);
        return new Result(process.exitValue(), output, millis);
    }
}
