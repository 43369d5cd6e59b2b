package io.tidemark.core.state.codec;

import java.util.zip.Deflater;

/**
 * Raw Deflate (no zlib header) with per-thread reusable zlib state and buffers — what snapshots and
 * log entries are compressed with, for the state adapters' binary rows (sessions, alerts, quarantine) too.
 */
public final class RawDeflate {

    private RawDeflate() {
    }

    /** {@code raw} deflated at the speed-first level the log entries use. */
    public static byte[] deflate(byte[] raw) {
        return Envelope.deflate(raw, Deflater.BEST_SPEED);
    }

    /** The bytes {@link #deflate} was given; {@code what} names the data in the {@link CorruptStateException} if it is not whole. */
    public static byte[] inflate(byte[] compressed, String what) {
        return Envelope.inflate(compressed, what);
    }
}
