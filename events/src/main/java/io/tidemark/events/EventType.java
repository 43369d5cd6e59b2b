package io.tidemark.events;

import java.util.Optional;

/** The six event types of the contract (docs/spec.md §1), with their wire names. */
public enum EventType {
    PAGE_VIEW("page_view"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    AD_IMPRESSION("ad_impression"),
    AD_CLICK("ad_click");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code type} field on the wire, e.g. {@code add_to_cart}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public boolean isCartEvent() {
        return this == ADD_TO_CART || this == REMOVE_FROM_CART;
    }

    /** {@code ad_impression} and {@code ad_click}: the events that carry an {@code ad_id}. */
    public boolean isAdEvent() {
        return this == AD_IMPRESSION || this == AD_CLICK;
    }
}
