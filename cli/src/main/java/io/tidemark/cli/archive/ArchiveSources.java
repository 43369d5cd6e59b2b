package io.tidemark.cli.archive;

import io.tidemark.cli.aws.StackLookup;
import io.tidemark.cli.commands.LocalCommand;
import io.tidemark.config.StackOutputs;
import io.tidemark.local.archive.ArchiveLocation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the commands that read the log find it: what the user gave ({@code s3://bucket/prefix}, a
 * directory or file, or for a replay {@code stream@TIMESTAMP}), else the deployed stack's archive
 * bucket, else the local archive that {@code tidemark local} writes by default.
 */
public final class ArchiveSources {

    /** A replay source: the archive, or the stream itself from an instant on. */
    public sealed interface Source {
    }

    public record Archive(ArchiveLocation location) implements Source {
    }

    public record Stream(String name, Instant from) implements Source {
        @Override
        public String toString() {
            return name + "@" + from;
        }
    }

    private static final Pattern STREAM_AT = Pattern.compile("([A-Za-z0-9_.-]{1,128})@(.+)");

    private ArchiveSources() {
    }

    /** {@code --source}: {@code stream@TIMESTAMP} or an archive location. */
    public static Source source(String given, String option, StackLookup stack) {
        if (given != null && !given.startsWith("s3://")) {
            Matcher m = STREAM_AT.matcher(given);
            if (m.matches() && !Files.exists(Path.of(given))) {
                try {
                    return new Stream(m.group(1), Instant.parse(m.group(2)));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(option + " '" + given + "': after '@' comes the instant to read the stream from, "
                            + "ISO-8601 such as events@2026-11-23T10:00:00Z");
                }
            }
        }
        return new Archive(archive(given, option, stack));
    }

    /** An archive location: the given one, the stack's archive bucket, or the local default archive. */
    public static ArchiveLocation archive(String given, String option, StackLookup stack) {
        if (given != null && !given.isBlank()) {
            return ArchiveLocation.parse(given, option);
        }
        var bucket = stack.output(StackOutputs.ARCHIVE_BUCKET_NAME);
        if (bucket.isPresent()) {
            return new ArchiveLocation.S3Prefix(bucket.get(), "");
        }
        Path local = Path.of(LocalCommand.DEFAULT_ARCHIVE);
        if (Files.isDirectory(local)) {
            return new ArchiveLocation.LocalPath(local);
        }
        throw new IllegalArgumentException("no " + option + " given, the stack has no output " + StackOutputs.ARCHIVE_BUCKET_NAME
                + " and there is no local archive ./" + LocalCommand.DEFAULT_ARCHIVE + ": pass " + option
                + " s3://BUCKET/ or the directory that tidemark local --archive wrote");
    }
}
