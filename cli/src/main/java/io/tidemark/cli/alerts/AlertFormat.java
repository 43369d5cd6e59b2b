package io.tidemark.cli.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** How the CLI prints an alert body ({@code alert_id, user_id, cart_opened, last_activity, products, deadline}). */
public final class AlertFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertFormat() {
    }

    /** One readable line, e.g. {@code cart abandoned  u1  opened 10:00:00Z  last activity 10:05:00Z  products p1, p2}. */
    public static String pretty(String alertJson) {
        try {
            JsonNode a = JSON.readTree(alertJson);
            StringBuilder products = new StringBuilder();
            a.path("products").forEach(p -> products.append(products.length() == 0 ? "" : ", ").append(p.asText()));
            return String.format("cart abandoned  user %s  opened %s  last activity %s  deadline %s  products [%s]  (alert %s)",
                    a.path("user_id").asText(), a.path("cart_opened").asText(), a.path("last_activity").asText(),
                    a.path("deadline").asText(), products, a.path("alert_id").asText());
        } catch (IOException e) {
            return alertJson;
        }
    }
}
