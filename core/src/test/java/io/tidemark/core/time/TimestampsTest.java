package io.tidemark.core.time;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @Property(tries = 20_000)
    void isoInstantIsInstantToStringInTheFastRange(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMilli) {
        assertThat(Timestamps.isoInstant(epochMilli)).isEqualTo(Instant.ofEpochMilli(epochMilli).toString());
    }

    @Property(tries = 2_000)
    void isoInstantIsInstantToStringAnywhere(@ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long epochMilli) {
        assertThat(Timestamps.isoInstant(epochMilli)).isEqualTo(Instant.ofEpochMilli(epochMilli).toString());
    }

    @Test
    void edgesOfTheFastRange() {
        for (long t : new long[] {-1, 0, 1, 999, 1000, 86_399_999, 951_782_400_000L /* 2000-02-29 */, 253_402_300_799_999L,
                253_402_300_800_000L}) {
            assertThat(Timestamps.isoInstant(t)).as("t=%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        assertThat(Timestamps.isoInstant(1_764_583_200_120L)).isEqualTo("2025-12-01T10:00:00.120Z");
    }
}
