package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One abandonment alert as published: the JSON body {@code alert_id, user_id, cart_opened,
 * last_activity, products, deadline} and the message attributes {@code alert_type} and
 * {@code user_id} (so subscriptions can filter). The {@code alert_id} is deterministic, the same on
 * every retry, replay and shard: subscribers drop repeats by it.
 */
public record AlertMessage(String alertId, String alertType, String userId, String cartOpened, String lastActivity,
                           List<String> products, String deadline) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AlertMessage {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(alertType, "alertType");
        Objects.requireNonNull(userId, "userId");
        products = List.copyOf(products);
    }

    /** From an alerts-table stream record's new image. */
    public static AlertMessage fromImage(Map<String, AttributeValue> image) {
        List<String> products = new ArrayList<>();
        AttributeValue list = image.get("products");
        if (list != null && list.getL() != null) {
            list.getL().forEach(v -> products.add(v.getS()));
        }
        return new AlertMessage(s(image, "alert_id"), s(image, "alert_type"), s(image, "user_id"), s(image, "cart_opened"),
                s(image, "last_activity"), products, s(image, "deadline"));
    }

    private static String s(Map<String, AttributeValue> image, String name) {
        AttributeValue v = image.get(name);
        if (v == null || v.getS() == null) {
            throw new IllegalArgumentException("alert image without string attribute '" + name + "': " + image.keySet());
        }
        return v.getS();
    }

    /** The SNS message body. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alert_id", alertId);
        body.put("user_id", userId);
        body.put("cart_opened", cartOpened);
        body.put("last_activity", lastActivity);
        body.put("products", products);
        body.put("deadline", deadline);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
