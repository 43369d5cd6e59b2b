package io.tidemark.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One valid e-commerce event (docs/spec.md §1). Instances are only made from validated input or by the
 * generator; fields that do not apply to the {@link #type()} are {@code null}.
 *
 * @param eventId   unique per event; the dedupe key
 * @param type      what happened
 * @param userId    who did it; also the Kinesis partition key
 * @param timestamp event time
 * @param page      {@code page_view} only
 * @param productId cart events only
 * @param quantity  cart events: at least 1 (default 1); 0 for every other type
 * @param orderId   {@code purchase} only: the business idempotency key
 * @param amount    {@code purchase} only: exact, at most 2 fraction digits, never a double
 * @param currency  {@code purchase} only: ISO-4217 code (default {@code USD})
 * @param adId      ad events only
 */
public record Event(
        String eventId,
        EventType type,
        String userId,
        Instant timestamp,
        String page,
        String productId,
        int quantity,
        String orderId,
        BigDecimal amount,
        String currency,
        String adId) {

    public static final String DEFAULT_CURRENCY = "USD";

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Event time in epoch milliseconds (UTC); the core works in milliseconds. */
    public long eventTimeMillis() {
        return timestamp.toEpochMilli();
    }

    public static Event pageView(String eventId, String userId, Instant at, String page) {
        return new Event(eventId, EventType.PAGE_VIEW, userId, at, page, null, 0, null, null, null, null);
    }

    public static Event addToCart(String eventId, String userId, Instant at, String productId, int quantity) {
        return new Event(eventId, EventType.ADD_TO_CART, userId, at, null, productId, quantity, null, null, null, null);
    }

    public static Event removeFromCart(String eventId, String userId, Instant at, String productId, int quantity) {
        return new Event(eventId, EventType.REMOVE_FROM_CART, userId, at, null, productId, quantity, null, null, null, null);
    }

    public static Event purchase(String eventId, String userId, Instant at, String orderId, BigDecimal amount, String currency) {
        return new Event(eventId, EventType.PURCHASE, userId, at, null, null, 0, orderId, amount, currency, null);
    }

    public static Event adImpression(String eventId, String userId, Instant at, String adId) {
        return new Event(eventId, EventType.AD_IMPRESSION, userId, at, null, null, 0, null, null, null, adId);
    }

    public static Event adClick(String eventId, String userId, Instant at, String adId) {
        return new Event(eventId, EventType.AD_CLICK, userId, at, null, null, 0, null, null, null, adId);
    }
}
