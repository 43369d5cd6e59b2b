package io.tidemark.testkit.emulators;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Tidemark checkout the tests run in: where {@code mvnw} and {@code localstack/} are. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** From the {@code tidemark.root} system property (set by surefire), else up from the working directory. */
    public static Path find() {
        String configured = System.getProperty("tidemark.root");
        if (configured != null && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a Tidemark checkout (no mvnw with localstack/emulators beside it above "
                + Path.of("").toAbsolutePath() + "); run the tests from the repository");
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("localstack/emulators"));
    }
}
