package io.tidemark.core.state.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** Reads what {@link ColumnWriter} wrote; fails with a clear message on truncated input. */
final class ColumnReader {

    private final byte[] buf;
    private final String column;
    private int pos;

    ColumnReader(byte[] buf, String column) {
        this.buf = buf == null ? new byte[0] : buf;
        this.column = column;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new CorruptStateException("column '" + column + "' is truncated at byte " + pos);
        }
    }

    int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptStateException("column '" + column + "' holds a malformed varint at byte " + pos);
    }

    int readVarInt() {
        long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptStateException("column '" + column + "' holds an out-of-range count " + v);
        }
        return (int) v;
    }

    long readZigZag() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    byte[] readBytes() {
        int n = readVarInt();
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    String readString() {
        int n = readVarInt();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    UUID readUuid() {
        long msb = readLong();
        return new UUID(msb, readLong());
    }

    BigDecimal readDecimal() {
        int scale = (int) readZigZag();
        return new BigDecimal(new BigInteger(readBytes()), scale);
    }

    boolean atEnd() {
        return pos == buf.length;
    }

    void expectEnd() {
        if (!atEnd()) {
            throw new CorruptStateException("column '" + column + "' has " + (buf.length - pos) + " unread bytes");
        }
    }
}
