package io.tidemark.core.state;

import java.util.UUID;

/**
 * Event ids in snapshots and log entries: an id in canonical UUID form (lowercase, 36 characters)
 * is stored as its 16 bytes; any other id as its text. Both turn back into exactly the original.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The UUID if {@code s} is exactly {@code UUID.toString()} of it, else {@code null}. */
    public static UUID parseCanonicalUuid(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int v = hex(s.charAt(i));
            if (v < 0) {
                return null;
            }
            if (digits < 16) {
                msb = (msb << 4) | v;
            } else {
                lsb = (lsb << 4) | v;
            }
            digits++;
        }
        return new UUID(msb, lsb);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
