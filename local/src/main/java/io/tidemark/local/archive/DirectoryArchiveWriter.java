package io.tidemark.local.archive;

import io.tidemark.archive.ArchiveLayout;
import io.tidemark.archive.LineageFormat;
import io.tidemark.core.stream.ShardLineage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A local archive directory in the archive layout: one plain JSON Lines file per partition and
 * run ({@code <dir>/events/event_date=2026-11-23/local-20261123T100000Z-1a2b3c4d.jsonl}), appended to
 * and flushed at every delivery. Runs never share a file, so a directory can collect several runs.
 * The stream's shard lineage goes beside them ({@code <dir>/lineage/<shard>.json}), rewritten at every
 * reshard; a run replaces what an earlier run of the same shard ids wrote.
 */
public final class DirectoryArchiveWriter implements ArchiveWriter {

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;
    private final String runName;
    private final Map<String, BufferedWriter> open = new HashMap<>();

    public DirectoryArchiveWriter(Path root, Instant runStart) {
        this.root = root;
        this.runName = "local-" + RUN_TIME.format(runStart) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl";
    }

    @Override
    public synchronized void write(String eventDate, List<String> lines) {
        try {
            BufferedWriter out = open.get(eventDate);
            if (out == null) {
                Path dir = root.resolve(ArchiveLayout.partitionPrefix(eventDate));
                Files.createDirectories(dir);
                out = Files.newBufferedWriter(dir.resolve(runName), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                open.put(eventDate, out);
            }
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event archive under " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void lineage(String stream, List<ShardLineage> lineages) {
        DirectoryArchiveStore store = new DirectoryArchiveStore(root);
        for (ShardLineage l : lineages) {
            store.put(ArchiveLayout.lineageObjectKey(l.shardId()), LineageFormat.encode(stream, l));
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public synchronized void close() {
        for (BufferedWriter out : open.values()) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        open.clear();
    }
}
