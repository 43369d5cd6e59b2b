package io.tidemark.bench.flink.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness emitted after every event that raises the maximum, instead of Flink's
 * periodic emission (every 200 ms of processing time). Tidemark's watermark also moves after every
 * event, so with this cadence both sides call the same records late, whatever the replay speed.
 * Costs Flink a watermark through every operator per new maximum.
 */
final class PerEventWatermarks<T> implements WatermarkGenerator<T> {

    private final long delayMillis;
    private long max = Long.MIN_VALUE;

    PerEventWatermarks(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        if (timestamp > max) {
            max = timestamp;
            output.emitWatermark(new Watermark(max - delayMillis - 1)); // Flink's convention: no element at or before W
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
    }
}
