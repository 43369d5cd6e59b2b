package io.tidemark.dynamodb;

import io.tidemark.core.state.codec.RawDeflate;
import io.tidemark.core.view.CartAbandonment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The abandonment alerts of one part of an alerts row as one binary attribute: version byte, count,
 * then per alert the alert id, the user id (UTF-8, int length-prefixed, as every string), {@code cart_opened} (epoch ms),
 * {@code last_activity} and {@code deadline} (ms after the previous instant), and the products
 * (count, then each); raw Deflate. About 55 bytes an alert (the alert id is most of it) instead of ~300
 * as an item of its own (and one write unit per step instead of one per alert).
 * <p>
 * {@link #split} cuts a step's alerts into parts by their <em>uncompressed</em> size, so the cut is
 * the same in every JVM and zlib version: a redo of the step in another container writes the same
 * alerts into the same parts, and a part created by one attempt is exactly the part another would
 * have created. Each part decodes on its own (the publisher reads one stream record at a time).
 */
public final class AlertRowsCodec {

    private static final int VERSION = 1;
    private static final String ROW_NAME = "an alerts row";
    /** Uncompressed bytes of one part at most: deflated it is smaller, so a part fits an item with its keys. */
    static final int MAX_RAW_PART = StepRowParts.MAX_PART;

    private AlertRowsCodec() {
    }

    /** The step's alerts in parts (in order; at least one part if there is any alert), each at most {@link #MAX_RAW_PART} raw. */
    static List<List<CartAbandonment>> split(List<CartAbandonment> alerts) {
        List<List<CartAbandonment>> parts = new ArrayList<>();
        List<CartAbandonment> current = new ArrayList<>();
        long size = 5;
        for (CartAbandonment a : alerts) {
            long n = rawSize(a);
            if (!current.isEmpty() && size + n > MAX_RAW_PART) {
                parts.add(current);
                current = new ArrayList<>();
                size = 5;
            }
            current.add(a);
            size += n;
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    private static long rawSize(CartAbandonment a) {
        long n = RowFields.sizeOf(a.alertId()) + RowFields.sizeOf(a.userId()) + 8 + 8 + 8 + 4;
        for (String p : a.products()) {
            n += RowFields.sizeOf(p);
        }
        return n;
    }

    /** One part's alerts, deflated. */
    public static byte[] encode(List<CartAbandonment> alerts) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(alerts.size() * 64 + 8);
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeByte(VERSION);
            out.writeInt(alerts.size());
            for (CartAbandonment a : alerts) {
                RowFields.writeString(out, a.alertId());
                RowFields.writeString(out, a.userId());
                long opened = millis(a.cartOpened());
                long last = millis(a.lastActivity());
                out.writeLong(opened);
                out.writeLong(last - opened);
                out.writeLong(millis(a.abandonedAt()) - last);
                out.writeInt(a.products().size());
                for (String p : a.products()) {
                    RowFields.writeString(out, p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RawDeflate.deflate(raw.toByteArray());
    }

    /** A part's alerts back (an alerts-table item's {@code data}, or a stream record's new image's). */
    public static List<CartAbandonment> decode(byte[] data) {
        byte[] raw = RawDeflate.inflate(data, "alerts row");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("alerts row version " + version + " is not supported");
            }
            int n = in.readInt();
            List<CartAbandonment> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String alertId = RowFields.readString(in, ROW_NAME);
                String userId = RowFields.readString(in, ROW_NAME);
                long opened = in.readLong();
                long last = opened + in.readLong();
                long deadline = last + in.readLong();
                int products = in.readInt();
                List<String> ps = new ArrayList<>(products);
                for (int p = 0; p < products; p++) {
                    ps.add(RowFields.readString(in, ROW_NAME));
                }
                out.add(new CartAbandonment(alertId, userId, Instant.ofEpochMilli(opened), Instant.ofEpochMilli(last),
                        Instant.ofEpochMilli(deadline), ps));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("alerts row has bytes after its " + n + " alerts");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("truncated alerts row", e);
        }
    }

    private static long millis(Instant t) {
        if (t.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("alert instant with sub-millisecond precision: " + t);
        }
        return t.toEpochMilli();
    }
}
