package io.tidemark.core;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields the core relies on, checked once more on the way in: a record the validator let
 * through but the core cannot use is rejected with a reason naming the field, never dropped and
 * never a crash that would block the shard.
 */
final class EventChecks {

    private EventChecks() {
    }

    /**
     * @param r                 a record with a valid event
     * @param maxAheadOfArrival how far (ms) the event's time may run ahead of the record's arrival
     */
    static List<String> problems(StreamRecord r, long maxAheadOfArrival) {
        Event e = r.event();
        List<String> problems = null;
        try {
            long t = e.eventTimeMillis();
            if (t - r.approximateArrival() > maxAheadOfArrival) {
                problems = add(problems, "timestamp: " + e.timestamp() + " is " + Duration.ofMillis(t - r.approximateArrival())
                        + " ahead of the record's arrival at " + Instant.ofEpochMilli(r.approximateArrival()) + ", more than the "
                        + Duration.ofMillis(maxAheadOfArrival) + " a producer's clock may run ahead (maxAheadOfArrival): check the producer's clock");
            }
        } catch (ArithmeticException overflow) {
            problems = add(problems, "timestamp: " + e.timestamp() + " is outside the supported range of event times");
        }
        if (!r.partitionKey().equals(e.userId())) {
            problems = add(problems, "partition key '" + r.partitionKey() + "' is not the event's user_id '" + e.userId()
                    + "': a user's state lives on the shard its user_id hashes to, so producers must use the user_id as the partition key");
        }
        switch (e.type()) {
            case ADD_TO_CART, REMOVE_FROM_CART -> {
                if (e.productId() == null || e.productId().isEmpty()) {
                    problems = add(problems, "product_id: required for " + e.type().wireName());
                }
                if (e.quantity() < 1) {
                    problems = add(problems, "quantity: must be an integer >= 1, got " + e.quantity());
                }
            }
            case PURCHASE -> {
                if (e.orderId() == null || e.orderId().isEmpty()) {
                    problems = add(problems, "order_id: required for purchase");
                }
                if (e.amount() == null) {
                    problems = add(problems, "amount: required for purchase");
                } else if (e.amount().signum() < 0) {
                    problems = add(problems, "amount: must be >= 0, got " + e.amount().toPlainString());
                }
            }
            case AD_IMPRESSION, AD_CLICK -> {
                if (e.adId() == null || e.adId().isEmpty()) {
                    problems = add(problems, "ad_id: required for " + e.type().wireName());
                }
            }
            default -> {
            }
        }
        return problems == null ? List.of() : problems;
    }

    private static List<String> add(List<String> problems, String problem) {
        List<String> out = problems == null ? new ArrayList<>(2) : problems;
        out.add(problem);
        return out;
    }
}
