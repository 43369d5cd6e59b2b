package io.tidemark.core.view;

import io.tidemark.core.window.SessionWindows;
import io.tidemark.core.window.SlidingWindows;
import io.tidemark.core.window.TumblingWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots record the views' settings in the record's own text; the written-out fingerprint must stay that text. */
class ViewSettingsFingerprintTest {

    @Test
    void theDefaultsFingerprintIsTheTextSnapshotsCarry() {
        ViewSettings spec = ViewSettings.spec();
        assertThat(spec.stateFingerprint()).isEqualTo(spec.toString())
                .isEqualTo("ViewSettings[revenue=" + spec.revenue() + ", activeUsers=" + spec.activeUsers() + ", sessions=" + spec.sessions()
                        + ", cartTimeout=PT30M, attributionWindow=PT10M]");
    }

    @Test
    void everySettingChangesTheFingerprint() {
        ViewSettings other = new ViewSettings(TumblingWindows.ofSize(Duration.ofMinutes(30)),
                SlidingWindows.ofSizeAndSlide(Duration.ofMinutes(10), Duration.ofMinutes(2)), SessionWindows.withGap(Duration.ofMinutes(20)),
                Duration.ofMinutes(45), Duration.ofMinutes(5));
        assertThat(other.stateFingerprint()).isEqualTo(other.toString()).isNotEqualTo(ViewSettings.spec().stateFingerprint());
    }
}
