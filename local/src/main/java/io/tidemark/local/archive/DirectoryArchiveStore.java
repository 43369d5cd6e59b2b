package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The archiver's objects as files under a directory, a key's folders as sub-directories
 * ({@code <dir>/events/event_date=2026-11-23/<shard>-<first>-<last>.jsonl.gz}): what
 * {@code tidemark run --archive DIR} writes. A file appears whole (written beside it, then moved),
 * and a retried batch replaces it with the same bytes.
 */
public final class DirectoryArchiveStore implements ArchiveStore {

    private final Path root;

    public DirectoryArchiveStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(String key, byte[] body) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new IllegalArgumentException("archive key '" + key + "' leads outside " + root);
        }
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, body);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event archive under " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }
}
