package io.tidemark.core.state.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** A growable byte column: varints, zigzag varints, strings, raw bytes. */
final class ColumnWriter {

    private byte[] buf;
    private int size;

    ColumnWriter() {
        this(64);
    }

    ColumnWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Unsigned LEB128. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        writeRaw(bytes);
    }

    void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void writeString(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void writeUuid(UUID u) {
        writeLong(u.getMostSignificantBits());
        writeLong(u.getLeastSignificantBits());
    }

    void writeDecimal(BigDecimal d) {
        writeZigZag(d.scale());
        writeBytes(d.unscaledValue().toByteArray());
    }

    int size() {
        return size;
    }

    /** The bytes written are {@code buffer()[0, size())}; valid until the next write or reset. */
    byte[] buffer() {
        return buf;
    }

    /** Empties the column, keeping its array for reuse unless it grew huge (a large original record). */
    void reset() {
        size = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[64];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
