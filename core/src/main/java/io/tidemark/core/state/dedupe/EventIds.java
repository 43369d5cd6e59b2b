package io.tidemark.core.state.dedupe;

import java.util.UUID;

/**
 * Event ids in snapshots and log entries: an id in canonical UUID form (lowercase, 36 characters)
 * is stored as its 16 bytes; any other id as its text. Both turn back into exactly the original.
 */
public final class EventIds {

    private EventIds() {
    }

    private static final byte[] HEX = new byte[128];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['a' + i] = (byte) (10 + i);
        }
    }

    /** The UUID if {@code s} is exactly {@code UUID.toString()} of it, else {@code null}. */
    public static UUID parseCanonicalUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return null;
        }
        long a = hex(s, 0, 8);
        long b = hex(s, 9, 13);
        long c = hex(s, 14, 18);
        long d = hex(s, 19, 23);
        long e = hex(s, 24, 36);
        if ((a | b | c | d | e) < 0) {
            return null;
        }
        return new UUID((a << 32) | (b << 16) | c, (d << 48) | e);
    }

    /** The hex digits of {@code s[from, to)} as a number, or −1 if any is not a lowercase hex digit. */
    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int d = c < 128 ? HEX[c] : -1;
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
