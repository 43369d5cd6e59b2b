package io.tidemark.dynamodb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits values into parts that fit a DynamoDB item (400 KB) with room for keys and attributes. */
final class Chunks {

    /** Largest part, bytes: the architecture's "chunks ≤ 350 KB". */
    static final int MAX_PART = 350 * 1024;

    private Chunks() {
    }

    static List<byte[]> split(byte[] value) {
        List<byte[]> parts = new ArrayList<>();
        if (value.length == 0) {
            parts.add(value);
            return parts;
        }
        for (int from = 0; from < value.length; from += MAX_PART) {
            parts.add(Arrays.copyOfRange(value, from, Math.min(value.length, from + MAX_PART)));
        }
        return parts;
    }

    static byte[] join(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * The sort key of part {@code part} of a per-(shard, step) row (sessions, alerts, quarantine):
     * {@code step#<step, 20 digits>#<part, 4 digits>}, so a shard's rows sort by step, then part.
     */
    static String stepPartKey(long step, int part) {
        return "step#" + pad(step, 20) + "#" + pad(part, 4);
    }

    static String pad(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
