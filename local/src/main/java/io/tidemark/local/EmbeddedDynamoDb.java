package io.tidemark.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DynamoDB Local in this JVM (Amazon's own emulator, no server, no Docker): what
 * {@code tidemark local} and the fast tests run on.
 * <p>
 * DynamoDB Local stores tables in SQLite through sqlite4java, whose native library must be on
 * disk under its unversioned name; without it the first call hangs without an error, so this
 * class finds the library up front (system property {@code sqlite4java.library.path}, else a
 * {@code native/} folder beside the running jar, as in {@code cli/target/lib/native}) and fails
 * with a message saying how to fix it.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    public static final String LIBRARY_PATH_PROPERTY = "sqlite4java.library.path";
    static final String LIBRARY_FILE = "libsqlite4java-linux-amd64.so";

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private EmbeddedDynamoDb(AmazonDynamoDBLocal local) {
        this.local = local;
        this.client = local.dynamoDbClient();
    }

    /** Starts an in-memory DynamoDB Local. */
    public static EmbeddedDynamoDb start() {
        Path library = nativeLibraryFolder();
        System.setProperty(LIBRARY_PATH_PROPERTY, library.toString());
        return new EmbeddedDynamoDb(DynamoDBEmbedded.create());
    }

    /** An SDK v2 client bound to this instance (no network, no credentials needed). */
    public DynamoDbClient client() {
        return client;
    }

    /** DynamoDB Streams of this instance (the alerts table's outbox stream, for example). */
    public DynamoDbStreamsClient streamsClient() {
        return local.dynamoDbStreamsClient();
    }

    /**
     * Stops the instance. DynamoDB Local leaves non-daemon threads behind, so a command-line
     * program must still call {@code System.exit} when it is done.
     */
    @Override
    public void close() {
        client.close();
        local.shutdown();
    }

    /** The folder holding the sqlite4java native library, or an error that says how to provide one. */
    static Path nativeLibraryFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("embedded DynamoDB Local ships only the linux-amd64 sqlite4java library, this is "
                    + os + "/" + arch + ": run the emulator stack instead (localstack/emulators/start) or set "
                    + LIBRARY_PATH_PROPERTY + " to a folder with your platform's sqlite4java library");
        }
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path folder = Path.of(configured);
            if (Files.isRegularFile(folder.resolve(LIBRARY_FILE))) {
                return folder.toAbsolutePath();
            }
            throw new IllegalStateException(LIBRARY_PATH_PROPERTY + "=" + configured + " has no " + LIBRARY_FILE
                    + ": point it at the folder holding that file (the build copies it to cli/target/lib/native)");
        }
        runningJarFolder().ifPresent(dir -> {
            candidates.add(dir.resolve("native"));
            candidates.add(dir.resolve("lib").resolve("native"));
        });
        for (Path folder : candidates) {
            if (Files.isRegularFile(folder.resolve(LIBRARY_FILE))) {
                return folder.toAbsolutePath();
            }
        }
        throw new IllegalStateException("sqlite4java's native library " + LIBRARY_FILE + " was not found (looked in " + candidates
                + "): build the CLI with ./mvnw -DskipTests package, which copies it to cli/target/lib/native, or set -D"
                + LIBRARY_PATH_PROPERTY + "=<folder>");
    }

    private static java.util.Optional<Path> runningJarFolder() {
        try {
            var source = EmbeddedDynamoDb.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return java.util.Optional.ofNullable(Files.isDirectory(location) ? location : location.getParent());
        } catch (URISyntaxException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
