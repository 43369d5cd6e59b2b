package io.tidemark.dynamodb;

import io.tidemark.core.state.StepCounts;
import io.tidemark.core.time.ShardProgress;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * The head a log entry carries, in a few dozen bytes (zig-zag variable-length numbers; the step and the time of the
 * commit are the entry's own): a commit costs write units by its size, and the head rides on every one.
 */
final class ShardHeadCodec {

    private static final int VERSION = 1;

    private ShardHeadCodec() {
    }

    static byte[] encode(ShardHead h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(VERSION);
        out.write((h.progress().ended() ? 1 : 0) | (h.pending() ? 2 : 0));
        long[] numbers = {h.progress().watermark(), h.progress().lastActivity(), h.watermark(), h.sealedHorizon(), h.totals().accepted(),
                h.totals().duplicates(), h.totals().rejected(), h.totals().late(), h.totals().skipped(), h.snapshotStep(), h.snapshotAt(),
                h.maxEventTime(), h.openCarts()};
        for (long n : numbers) {
            varLong(out, n);
        }
        // Kinesis sequence numbers are decimal: as a binary number they take under half the bytes.
        String s = h.lastSequence();
        boolean decimal = s != null && !s.isEmpty() && s.length() < 200 && s.chars().allMatch(c -> c >= '0' && c <= '9') && (s.length() == 1 || s.charAt(0) != '0');
        byte[] sequence = s == null ? new byte[0] : decimal ? new BigInteger(s).toByteArray() : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        varLong(out, s == null ? -1 : decimal ? sequence.length : -2 - sequence.length);
        out.write(sequence, 0, sequence.length);
        return out.toByteArray();
    }

    /** The head of entry {@code step} of {@code shardId}, committed at {@code writtenAt}; {@code settledHorizon} from the head row. */
    static ShardHead decode(String shardId, long step, long writtenAt, byte[] data, long settledHorizon) {
        ByteBuffer in = ByteBuffer.wrap(data);
        int version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("shard " + shardId + ": log entry " + step + " has a head of unknown format " + version);
        }
        int flags = in.get();
        long ownWatermark = varLong(in);
        long lastActivity = varLong(in);
        long watermark = varLong(in);
        long sealed = varLong(in);
        StepCounts totals = new StepCounts(varLong(in), varLong(in), varLong(in), varLong(in), varLong(in));
        long snapshotStep = varLong(in);
        long snapshotAt = varLong(in);
        long maxEventTime = varLong(in);
        long openCarts = varLong(in);
        int length = (int) varLong(in);
        String sequence = null;
        if (length >= 0) {
            byte[] bytes = new byte[length];
            in.get(bytes);
            sequence = new BigInteger(bytes).toString();
        } else if (length <= -2) {
            byte[] bytes = new byte[-2 - length];
            in.get(bytes);
            sequence = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new ShardHead(shardId, step, new ShardProgress(shardId, ownWatermark, lastActivity, (flags & 1) != 0), watermark, sealed, totals,
                (flags & 2) != 0, sequence, snapshotStep, snapshotAt, writtenAt, maxEventTime, openCarts, Math.min(settledHorizon, sealed));
    }

    private static void varLong(ByteArrayOutputStream out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varLong(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (v >>> 1) ^ -(v & 1);
    }
}
