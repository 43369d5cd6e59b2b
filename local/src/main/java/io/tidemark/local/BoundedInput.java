package io.tidemark.local;

import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.core.stream.BoundedInputClock;
import io.tidemark.events.EventTimes;
import io.tidemark.events.PartitionKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a bounded input (a JSON Lines file for {@code tidemark local}, a benchmark's input) as
 * records of a stream: each with its partition key ({@code user_id}) and the arrival the file's own
 * clock gives it ({@link BoundedInputClock}), in file order. A file has no arrival times, and the wall
 * clock would make a file of another day look far ahead or far behind.
 */
public final class BoundedInput {

    /** One line: its number (from 1), bytes, partition key and arrival (epoch ms). */
    public record Line(long number, byte[] data, String partitionKey, long arrival) {
    }

    private record Read(long number, byte[] data) {
    }

    private final BoundedInputClock<Read> clock;
    private final List<Line> ready = new ArrayList<>();

    /** A file read with these event-time settings: its records may lag each other by the watermark delay and the allowed lateness. */
    public BoundedInput(EventTimeSettings eventTime) {
        this.clock = new BoundedInputClock<>(eventTime.watermarkDelay().plus(eventTime.allowedLateness()).toMillis());
    }

    /** The next line; returns the lines whose arrival is now known (up to {@value BoundedInputClock#NEIGHBOURS} valid lines later), in order. */
    public List<Line> add(long number, byte[] data) {
        long eventTime = EventTimes.of(data).orElse(BoundedInputClock.NO_EVENT_TIME);
        clock.add(new Read(number, data), eventTime, this::arrived);
        return drain();
    }

    /** The input ended: the lines still waiting for their arrival, in order. */
    public List<Line> finish() {
        clock.finish(this::arrived);
        return drain();
    }

    private void arrived(Read read, long arrival) {
        ready.add(new Line(read.number(), read.data(), PartitionKeys.of(read.data()), arrival));
    }

    private List<Line> drain() {
        if (ready.isEmpty()) {
            return List.of();
        }
        List<Line> out = List.copyOf(ready);
        ready.clear();
        return out;
    }
}
