package io.tidemark.dynamodb;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The length-prefixed fields of the binary rows (alerts, quarantine): an {@code int} byte count,
 * then the bytes; strings as UTF-8. A count beyond what is left is reported as a truncated row
 * instead of allocating it.
 */
final class RowFields {

    private RowFields() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** @param row what the row is, for the error ("an alerts row") */
    static String readString(DataInputStream in, String row) throws IOException {
        return new String(readBytes(in, row), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(DataInputStream in, String row) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("field of " + n + " bytes in " + row + " with " + in.available() + " left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Bytes {@link #writeString} writes for {@code s}. */
    static int sizeOf(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }
}
