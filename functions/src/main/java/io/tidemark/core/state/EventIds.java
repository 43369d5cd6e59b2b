package io.tidemark.core.state;

import java.util.UUID;

/**
 * Event ids as dedupe keys: an id in canonical UUID form (lowercase, 36 characters) is held as a
 * {@link UUID} (16 bytes instead of 36 characters, in memory and in snapshots and logs); any other
 * id as its string. Both forms turn back into exactly the original text.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The dedupe key of an event id: a {@link UUID} if canonical, else the string itself. */
    public static Object key(String eventId) {
        UUID uuid = parseCanonicalUuid(eventId);
        return uuid != null ? uuid : eventId;
    }

    /** The event id a key stands for. */
    public static String text(Object key) {
        return key.toString();
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
