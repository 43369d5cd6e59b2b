package io.tidemark.handlers;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.dynamodb.AlertRecords;
import io.tidemark.dynamodb.AlertRowsCodec;

import java.nio.ByteBuffer;
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

    /**
     * The alerts of an alerts-table stream record's new image: every alert of an alerts row (one
     * step's, deflated in {@code data}), or the one alert of an item of the earlier one-alert layout.
     */
    public static List<AlertMessage> fromImage(Map<String, AttributeValue> image) {
        AttributeValue data = image.get("data");
        if (data != null && data.getB() != null) {
            ByteBuffer b = data.getB().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            AttributeValue type = image.get("alert_type");
            String alertType = type == null || type.getS() == null ? AlertRecords.ALERT_TYPE : type.getS();
            List<AlertMessage> out = new ArrayList<>();
            for (CartAbandonment a : AlertRowsCodec.decode(bytes)) {
                out.add(of(a, alertType));
            }
            return out;
        }
        List<String> products = new ArrayList<>();
        AttributeValue list = image.get("products");
        if (list != null && list.getL() != null) {
            list.getL().forEach(v -> products.add(v.getS()));
        }
        return List.of(new AlertMessage(s(image, "alert_id"), s(image, "alert_type"), s(image, "user_id"), s(image, "cart_opened"),
                s(image, "last_activity"), products, s(image, "deadline")));
    }

    /** The message of a recorded abandonment. */
    public static AlertMessage of(CartAbandonment a, String alertType) {
        return new AlertMessage(a.alertId(), alertType, a.userId(), a.cartOpened().toString(), a.lastActivity().toString(), a.products(),
                a.abandonedAt().toString());
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
