package io.tidemark.state;

import io.tidemark.core.view.ClosedSession;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The closed sessions of one step as one binary attribute: version byte, count, then per session
 * the user id (UTF-8, length-prefixed), start and last event (epoch ms) and the event count; raw
 * Deflate. About 20 bytes a session instead of ~120 as a DynamoDB list of maps.
 */
final class SessionRowsCodec {

    private static final int VERSION = 1;

    private SessionRowsCodec() {
    }

    static byte[] encode(List<ClosedSession> sessions) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(sessions.size() * 32 + 8);
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeByte(VERSION);
            out.writeInt(sessions.size());
            for (ClosedSession s : sessions) {
                byte[] user = s.userId().getBytes(StandardCharsets.UTF_8);
                out.writeShort(user.length);
                out.write(user);
                out.writeLong(s.sessionStart().toEpochMilli());
                out.writeLong(s.lastEvent().toEpochMilli() - s.sessionStart().toEpochMilli());
                out.writeLong(s.events());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(raw.toByteArray());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static List<ClosedSession> decode(byte[] data) {
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            inflater.setInput(data);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                raw.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt sessions row", e);
        } finally {
            inflater.end();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw.toByteArray()))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("sessions row version " + version + " is not supported");
            }
            int n = in.readInt();
            List<ClosedSession> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] user = new byte[in.readUnsignedShort()];
                in.readFully(user);
                long start = in.readLong();
                long last = start + in.readLong();
                long events = in.readLong();
                out.add(new ClosedSession(new String(user, StandardCharsets.UTF_8), Instant.ofEpochMilli(start), Instant.ofEpochMilli(last), events));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
