package io.tidemark.core.stream;

import java.util.Comparator;

/**
 * Kinesis sequence numbers are decimal strings of up to 128 digits: they compare as numbers, not as
 * text ({@code "9" < "10"}). No {@link java.math.BigInteger} is needed: strip leading zeros, then the
 * longer string is the larger number, and equal lengths compare digit by digit.
 */
public final class SequenceNumbers {

    public static final Comparator<String> NUMERIC_ORDER = SequenceNumbers::compare;

    private SequenceNumbers() {
    }

    public static int compare(String a, String b) {
        if (a.length() == b.length() && (a.charAt(0) != '0' || a.length() == 1) && (b.charAt(0) != '0' || b.length() == 1)) {
            return a.compareTo(b); // same number of significant digits: text order is number order (and vectorised)
        }
        int ia = firstSignificant(a);
        int ib = firstSignificant(b);
        int la = a.length() - ia;
        int lb = b.length() - ib;
        if (la != lb) {
            return Integer.compare(la, lb);
        }
        for (int k = 0; k < la; k++) {
            int c = Character.compare(a.charAt(ia + k), b.charAt(ib + k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Throws with the offending value unless {@code s} is a non-empty string of ASCII digits of at most 128 characters. */
    public static String requireValid(String s) {
        if (s == null || s.isEmpty() || s.length() > 128) {
            throw new IllegalArgumentException("sequenceNumber must be 1..128 decimal digits, got " + (s == null ? "null" : "'" + s + "'"));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("sequenceNumber must be decimal digits only, got '" + s + "'");
            }
        }
        return s;
    }

    public static String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    private static int firstSignificant(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }
}
