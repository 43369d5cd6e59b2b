package io.tidemark.local.input;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A JSON Lines input read as bytes, one line at a time, each with its number (from 1). A line ends at
 * {@code \n}; a {@code \r} before it is dropped (files written on Windows), the last line needs no line
 * break, and a UTF-8 byte order mark at the start is dropped. Nothing is decoded here: a line that is not
 * UTF-8, or holds NUL bytes, reaches the validator like any other and is rejected with its reason, while
 * the lines after it go on (a charset decoder would stop the whole input at the first such byte).
 */
public final class JsonLinesInput implements Closeable {

    /** One line without its line break. */
    public record Line(long number, byte[] bytes) {

        public boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t') {
                    return false;
                }
            }
            return true;
        }

        /** The line as text, or {@code null} if it is not valid UTF-8. */
        public String text() {
            return utf8(bytes);
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private long number;
    private boolean ended;

    private JsonLinesInput(InputStream in) {
        this.in = in;
    }

    /** Lines of a stream (standard input, say); closing the reader closes it. */
    public static JsonLinesInput of(InputStream in) {
        return new JsonLinesInput(in);
    }

    /**
     * Lines of {@code source}: a file, or {@code -} for standard input.
     *
     * @param option what the user gave it as, named in errors (e.g. {@code --input})
     * @throws IllegalArgumentException naming the option when the file is missing, a directory or unreadable
     */
    public static JsonLinesInput open(String source, String option) throws IOException {
        if (source.equals("-")) {
            return of(System.in);
        }
        return new JsonLinesInput(Files.newInputStream(readableFile(source, option)));
    }

    /**
     * The number of lines of a file, as this reader counts them (for a progress total), without decoding
     * anything.
     */
    public static long countLines(String file, String option) throws IOException {
        long lines = 0;
        byte last = '\n';
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(readableFile(file, option))) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    private static Path readableFile(String file, String option) {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory: give a JSON Lines file (or - for standard input)");
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(option + " " + file + ": not readable (check its permissions)");
        }
        return path;
    }

    /** The next line, or {@code null} at the end of the input. */
    public Line next() throws IOException {
        if (ended) {
            return null;
        }
        line.reset();
        boolean lineBreak = false;
        while (!lineBreak) {
            if (position == limit) {
                limit = Math.max(0, in.read(buffer));
                position = 0;
                if (limit == 0) {
                    ended = true;
                    if (line.size() == 0) {
                        return null; // the input ended with a line break (or was empty)
                    }
                    break;
                }
            }
            int from = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, from, position - from);
            if (position < limit) {
                position++; // the line break
                lineBreak = true;
            }
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        int start = number == 0 && startsWithBom(bytes) ? BOM.length : 0;
        number++;
        return new Line(number, start == 0 && end == bytes.length ? bytes : Arrays.copyOfRange(bytes, start, Math.max(start, end)));
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Strict UTF-8: {@code null} for bytes that are not. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
