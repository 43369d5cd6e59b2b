package io.tidemark.bench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.view.CartInput;
import io.tidemark.core.view.CartState;
import io.tidemark.core.window.Session;
import io.tidemark.events.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the naive implementation keeps per user in its user item: the open sessions, the cart
 * machine (with the inputs waiting for the horizon), the active-user windows the user is already
 * counted in, and the item's version (the optimistic-locking condition of each event's transaction).
 * Immutable: an event produces a new value.
 */
record NaiveUser(long version, List<Session> sessions, CartState cart, TreeSet<Long> countedWindows) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static NaiveUser empty() {
        return new NaiveUser(0, List.of(), CartState.of(CartState.noCart(), 0, Map.of(), List.of()), new TreeSet<>());
    }

    NaiveUser {
        sessions = List.copyOf(sessions);
        countedWindows = new TreeSet<>(countedWindows);
    }

    /** A mutable copy of the cart, for the core's {@code CartView} to advance. */
    CartState cartCopy() {
        return CartState.of(cart.openedAt(), cart.lastActivity(), cart.quantities(), cart.pending());
    }

    boolean isSettled() {
        return sessions.isEmpty() && cart.isEmpty();
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode s = root.putArray("sessions");
        for (Session x : sessions) {
            s.addArray().add(x.start()).add(x.lastEvent()).add(x.events());
        }
        ObjectNode c = root.putObject("cart");
        c.put("opened", cart.openedAt()).put("last", cart.lastActivity());
        ObjectNode q = c.putObject("quantities");
        cart.quantities().forEach(q::put);
        ArrayNode p = c.putArray("pending");
        for (CartInput in : cart.pending()) {
            p.addArray().add(in.time()).add(in.arrival()).add(in.type().wireName()).add(in.productId()).add(in.quantity());
        }
        ArrayNode w = root.putArray("counted");
        countedWindows.forEach(w::add);
        return root.toString();
    }

    static NaiveUser fromJson(long version, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Session> sessions = new ArrayList<>();
            for (JsonNode x : root.get("sessions")) {
                sessions.add(new Session(x.get(0).asLong(), x.get(1).asLong(), x.get(2).asLong()));
            }
            JsonNode c = root.get("cart");
            Map<String, Integer> quantities = new TreeMap<>();
            c.get("quantities").fields().forEachRemaining(e -> quantities.put(e.getKey(), e.getValue().asInt()));
            List<CartInput> pending = new ArrayList<>();
            for (JsonNode x : c.get("pending")) {
                pending.add(new CartInput(x.get(0).asLong(), x.get(1).asLong(), EventType.fromWireName(x.get(2).asText()).orElseThrow(),
                        x.get(3).isNull() ? null : x.get(3).asText(), x.get(4).asInt()));
            }
            TreeSet<Long> counted = new TreeSet<>();
            root.get("counted").forEach(x -> counted.add(x.asLong()));
            return new NaiveUser(version, sessions, CartState.of(c.get("opened").asLong(), c.get("last").asLong(), quantities, pending), counted);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable naive user item: " + json, e);
        }
    }
}
