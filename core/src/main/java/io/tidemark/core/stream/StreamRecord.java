package io.tidemark.core.stream;

import io.tidemark.events.Event;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Kinesis record as the core sees it: where it sits in the shard, and either a valid
 * {@link Event} or the reasons it was rejected. Built by the shell after decoding and validating
 * the record's data.
 *
 * @param sequenceNumber        the Kinesis sequence number (decimal digits; compared numerically)
 * @param partitionKey          the record's partition key ({@code user_id} by contract)
 * @param approximateArrival    Kinesis' approximate arrival timestamp, epoch ms (kept with late and
 *                              rejected records; the watermark does not use it)
 * @param event                 the valid event, or {@code null} if rejected
 * @param rejectionReasons      why the record is invalid, each naming the field; empty if valid
 * @param data                  the record's original bytes, or {@code null}; kept with rejected
 *                              and late records (in the step log too) so that the quarantine holds
 *                              exactly what was sent
 */
public record StreamRecord(String sequenceNumber, String partitionKey, long approximateArrival, Event event,
                           List<String> rejectionReasons, byte[] data) {

    public StreamRecord {
        SequenceNumbers.requireValid(sequenceNumber);
        Objects.requireNonNull(partitionKey, "partitionKey");
        rejectionReasons = List.copyOf(Objects.requireNonNull(rejectionReasons, "rejectionReasons"));
        if ((event == null) == rejectionReasons.isEmpty()) {
            throw new IllegalArgumentException("a record holds either a valid event or rejection reasons, not both or neither (sequence "
                    + sequenceNumber + ")");
        }
    }

    public static StreamRecord valid(String sequenceNumber, String partitionKey, long approximateArrival, Event event) {
        return valid(sequenceNumber, partitionKey, approximateArrival, event, null);
    }

    /** A valid record with its original bytes (the quarantine keeps them if the record turns out late). */
    public static StreamRecord valid(String sequenceNumber, String partitionKey, long approximateArrival, Event event, byte[] data) {
        return new StreamRecord(sequenceNumber, partitionKey, approximateArrival, Objects.requireNonNull(event, "event"), List.of(), data);
    }

    public static StreamRecord rejected(String sequenceNumber, String partitionKey, long approximateArrival,
                                        List<String> reasons, byte[] data) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejected record needs at least one reason (sequence " + sequenceNumber + ")");
        }
        return new StreamRecord(sequenceNumber, partitionKey, approximateArrival, null, reasons, data);
    }

    public boolean isValid() {
        return event != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamRecord r && r.sequenceNumber.equals(sequenceNumber) && r.partitionKey.equals(partitionKey)
                && r.approximateArrival == approximateArrival && Objects.equals(r.event, event)
                && r.rejectionReasons.equals(rejectionReasons) && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, partitionKey, approximateArrival, event, rejectionReasons) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "StreamRecord[" + sequenceNumber + ", key=" + partitionKey + ", "
                + (event != null ? event : "rejected " + rejectionReasons) + "]";
    }
}
