package io.tidemark.dynamodb;

import io.tidemark.core.state.codec.RawDeflate;
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
        return RawDeflate.deflate(raw.toByteArray());
    }

    static List<ClosedSession> decode(byte[] data) {
        byte[] raw = RawDeflate.inflate(data, "sessions row");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
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
