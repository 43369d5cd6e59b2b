package io.tidemark.core.state.codec;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The container of snapshots and log entries: a Jackson Smile object (self-describing, versioned,
 * with its bulk data in binary columns) compressed with raw Deflate. Written and read with Jackson's
 * streaming generator and parser only: no object mapper, whose start-up would cost a cold Lambda
 * more than reading a snapshot does.
 */
final class Envelope {

    static final SmileFactory SMILE = SmileFactory.builder()
            .disable(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT) // raw binary columns; needs the 4-byte header
            .build();

    private Envelope() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Log entries: written on every step, so speed first (level 1 costs ~1 % in size here). */
    static final int FAST = Deflater.BEST_SPEED;
    /** Snapshots: written rarely, read on every cold start. */
    static final int COMPACT = Deflater.DEFAULT_COMPRESSION;

    static byte[] write(Body body) {
        return write(FAST, body);
    }

    static byte[] write(int level, Body body) {
        Buffers buffers = BUFFERS.get();
        buffers.raw.reset();
        try (JsonGenerator g = SMILE.createGenerator(buffers.raw)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = deflate(buffers.raw.bytes(), buffers.raw.size(), level);
        buffers.shrinkIfHuge();
        return out;
    }

    /** A binary field from a column, without copying the column out first. */
    static void writeColumn(JsonGenerator g, String field, ColumnWriter column) throws IOException {
        g.writeFieldName(field);
        g.writeBinary(column.buffer(), 0, column.size());
    }

    /**
     * The envelope's object: field names to values read whole, like the object tree this replaces (a later
     * field of the same name wins), so that a damaged byte anywhere fails the read. A value is a
     * {@code byte[]}, {@code String}, {@code Number}, {@code Boolean}, {@link #NULL}, {@code List} or {@code Map}.
     */
    static Map<String, Object> read(byte[] bytes, String what) {
        byte[] raw = inflate(bytes, what);
        try (JsonParser p = SMILE.createParser(raw)) {
            JsonToken first = p.nextToken();
            if (first != null && value(p, first) instanceof Map<?, ?> object) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) object;
                return fields;
            }
            throw new CorruptStateException(what + " does not hold a Smile object");
        } catch (IOException e) {
            throw new CorruptStateException(what + " is not valid Smile: " + e.getMessage(), e);
        }
    }

    /** A Smile {@code null} (an absent field is no entry at all). */
    static final Object NULL = new Object();

    /** Damaged content that ends where a value should be. */
    private static final String ENDS_EARLY = "Unexpected end-of-input inside the Smile object";

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token.id()) {
            case JsonTokenId.ID_START_OBJECT:
                Map<String, Object> members = new LinkedHashMap<>();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    members.put(name, value(p, next(p)));
                }
                return members;
            case JsonTokenId.ID_START_ARRAY:
                List<Object> items = new ArrayList<>();
                for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
                    items.add(value(p, t));
                }
                return items;
            case JsonTokenId.ID_EMBEDDED_OBJECT:
                Object embedded = p.getEmbeddedObject();
                return embedded == null ? NULL : embedded;
            case JsonTokenId.ID_STRING:
                return p.getText();
            case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT:
                return p.getNumberValue();
            case JsonTokenId.ID_TRUE:
                return Boolean.TRUE;
            case JsonTokenId.ID_FALSE:
                return Boolean.FALSE;
            default:
                return NULL;
        }
    }

    private static JsonToken next(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, ENDS_EARLY, p.currentTokenLocation());
        }
        return t;
    }

    // zlib's set-up costs more than compressing a log entry: keep one deflater per thread and level.
    // The Smile output and the deflated output go to per-thread buffers that keep their size, so a
    // step copies its entry once (the result) instead of through a chain of growing arrays.
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private static final class Buffers {
        final Deflater[] deflaters = new Deflater[10];
        RawBuffer raw = new RawBuffer();
        byte[] deflated = new byte[16 * 1024];

        /** Log entries fit in the first sizes; a large snapshot's buffers are not kept for the thread's life. */
        void shrinkIfHuge() {
            if (raw.bytes().length > KEEP_AT_MOST) {
                raw = new RawBuffer();
            }
            if (deflated.length > KEEP_AT_MOST) {
                deflated = new byte[16 * 1024];
            }
        }
    }

    private static final int KEEP_AT_MOST = 1 << 20;

    /** A {@code ByteArrayOutputStream} whose array can be read in place. */
    private static final class RawBuffer extends ByteArrayOutputStream {
        RawBuffer() {
            super(16 * 1024);
        }

        byte[] bytes() {
            return buf;
        }
    }

    static byte[] deflate(byte[] raw, int level) {
        return deflate(raw, raw.length, level);
    }

    private static byte[] deflate(byte[] raw, int length, int level) {
        Buffers buffers = BUFFERS.get();
        int slot = level < 0 ? 6 : level;
        Deflater deflater = buffers.deflaters[slot];
        if (deflater == null) {
            deflater = new Deflater(level, true);
            buffers.deflaters[slot] = deflater;
        }
        deflater.reset();
        deflater.setInput(raw, 0, length);
        deflater.finish();
        byte[] out = buffers.deflated;
        int size = 0;
        while (!deflater.finished()) {
            if (size == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
                buffers.deflated = out;
            }
            size += deflater.deflate(out, size, out.length - size);
        }
        return Arrays.copyOf(out, size);
    }

    static byte[] inflate(byte[] compressed, String what) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, compressed.length * 4));
            byte[] chunk = new byte[16384];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptStateException(what + " is truncated (Deflate stream ended early)");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new CorruptStateException(what + " is not a Deflate stream: " + e.getMessage(), e);
        }
    }

    // Field access keeps the object tree's leniency where it cost nothing: an absent column is empty, an absent
    // flag its default, a column of another kind empty, a number or text where a flag belongs still a flag.

    static byte[] binary(Map<String, Object> object, String field) {
        Object v = object.get(field);
        if (v == null || v == NULL) {
            return new byte[0];
        }
        if (v instanceof String base64) {
            try {
                return Base64Variants.getDefaultVariant().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new CorruptStateException("field '" + field + "' is not binary", e);
            }
        }
        return v instanceof byte[] bytes ? bytes : null;
    }

    static long number(Map<String, Object> object, String field) {
        Object v = object.get(field);
        if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
            throw new CorruptStateException("field '" + field + "' is missing or not an integer");
        }
        return ((Number) v).longValue();
    }

    static String text(Map<String, Object> object, String field) {
        if (!(object.get(field) instanceof String s)) {
            throw new CorruptStateException("field '" + field + "' is missing or not a string");
        }
        return s;
    }

    /** A boolean; a whole number (true unless 0); the text {@code true} or {@code false}; otherwise {@code otherwise}. */
    static boolean flag(Map<String, Object> object, String field, boolean otherwise) {
        Object v = object.get(field);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return ((Number) v).doubleValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            return t.equals("true") || (!t.equals("false") && otherwise);
        }
        return otherwise;
    }

    /** A count: a number's whole part, 0 for any other value. */
    static long count(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
