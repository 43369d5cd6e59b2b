package io.tidemark.bench.cost.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UnitsCurveTest {

    /** 1.0 WU per event at batches of 10, 0.1 at 100: a step costing 10 units whatever its size. */
    private final UnitsCurve curve = new UnitsCurve(List.of(new UnitsAtBatch(10, 1.0, 0, 0, 2, 5), new UnitsAtBatch(100, 0.1, 0, 0, 2, 14)));

    @Test
    void aMeasuredSizeIsReadAsMeasured() {
        assertThat(curve.writeUnitsPerEvent(10)).isEqualTo(1.0);
        assertThat(curve.measuredAt(100)).isTrue();
    }

    @Test
    void betweenMeasuredSizesItIsLinearInOneOverTheBatchSize() {
        // 10 units a step ÷ 50 records = 0.2
        assertThat(curve.writeUnitsPerEvent(50)).isCloseTo(0.2, within(1e-12));
        assertThat(curve.measuredAt(50)).isFalse();
    }

    @Test
    void outsideTheMeasuredSizesItIsTheNearestEnd() {
        assertThat(curve.writeUnitsPerEvent(1)).isEqualTo(1.0);
        assertThat(curve.handlerMsPerBatch(500)).isEqualTo(14);
    }
}
