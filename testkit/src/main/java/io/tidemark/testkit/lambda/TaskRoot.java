package io.tidemark.testkit.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment jar as Lambda runs it: unpacked into a task root (Lambda's {@code /var/task}), whose classes and
 * {@code lib/*.jar} the Java runtime client loads through its own class loader, with the working directory set
 * there. Loading classes from an unpacked directory is not loading them from a compressed jar: running the jar
 * itself would time, and exercise, something Lambda never does. Each jar (with its extra entries) is unpacked once
 * per JVM and removed when the JVM exits.
 */
final class TaskRoot {

    private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();

    private TaskRoot() {
    }

    /**
     * The task root of {@code jar}, with {@code extras} beside its content: a directory's classes merged into the root,
     * a jar copied into {@code lib/} (both places the runtime client loads from).
     */
    static Path of(Path jar, List<Path> extras) {
        String key;
        try {
            key = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|" + extras;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the deployment jar " + jar + ": " + e.getMessage(), e);
        }
        return UNPACKED.computeIfAbsent(key, k -> unpack(jar, extras));
    }

    private static Path unpack(Path jar, List<Path> extras) {
        try {
            Path root = Files.createTempDirectory("lambda-task-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root), "lambda-task-cleanup"));
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalStateException("the deployment jar " + jar + " has an entry outside its root: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (Path extra : extras) {
                if (Files.isDirectory(extra)) {
                    copyTree(extra, root);
                } else {
                    Path lib = Files.createDirectories(root.resolve("lib"));
                    Files.copy(extra, lib.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the deployment jar " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up if we cannot
        }
    }
}
