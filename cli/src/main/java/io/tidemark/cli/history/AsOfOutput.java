package io.tidemark.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.history.CartAsOf;
import io.tidemark.core.history.CartEpisode;
import io.tidemark.core.history.SessionsAsOf;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code tidemark query cart|sessions --as-of} prints a user's state: a table, or JSON. */
public final class AsOfOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsOfOutput() {
    }

    public static ObjectNode cartJson(CartAsOf cart) {
        ObjectNode root = JSON.createObjectNode();
        root.put("user_id", cart.userId());
        root.put("as_of", cart.asOf().toString());
        root.put("cart_events", cart.eventsApplied());
        root.put("status", cart.open().isPresent() ? "open" : "no_open_cart");
        var carts = root.putArray("carts");
        for (CartEpisode e : cart.carts()) {
            ObjectNode n = carts.addObject();
            n.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
            n.put("cart_opened", e.opened().toString());
            n.put("last_activity", e.lastActivity().toString());
            n.put("deadline", e.deadline().toString());
            ObjectNode products = n.putObject("products");
            e.quantities().forEach(products::put);
            n.put("closed_at", text(e.closedAt()));
            n.put("alert_id", e.alertId());
        }
        return root;
    }

    public static ObjectNode sessionsJson(SessionsAsOf sessions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("user_id", sessions.userId());
        root.put("as_of", sessions.asOf().toString());
        root.put("events", sessions.eventsApplied());
        var list = root.putArray("sessions");
        for (SessionsAsOf.SessionAt s : sessions.sessions()) {
            ObjectNode n = list.addObject();
            n.put("session_start", s.sessionStart().toString());
            n.put("last_event", s.lastEvent().toString());
            n.put("events", s.events());
            n.put("closed", s.closed());
            n.put("closes_at", s.closesAt().toString());
        }
        return root;
    }

    public static void printCart(CartAsOf cart, PrintStream out) {
        out.printf("Cart of %s as of %s (%d cart events up to then)%n", cart.userId(), cart.asOf(), cart.eventsApplied());
        if (cart.carts().isEmpty()) {
            out.println("  no cart so far");
            return;
        }
        out.printf("  %-10s %-24s %-24s %-24s %s%n", "cart", "opened", "last_activity", "deadline / closed", "products");
        for (CartEpisode e : cart.carts()) {
            String when = switch (e.outcome()) {
                case OPEN -> "deadline " + e.deadline();
                case CONVERTED -> "bought " + e.closedAt();
                case ABANDONED -> "abandoned " + e.closedAt();
            };
            String products = e.quantities().isEmpty() ? "(empty)" : e.quantities().entrySet().stream()
                    .map(p -> p.getKey() + " ×" + p.getValue()).collect(Collectors.joining(", "));
            out.printf("  %-10s %-24s %-24s %-24s %s%n", e.outcome().name().toLowerCase(Locale.ROOT), e.opened(), e.lastActivity(),
                    when, products);
        }
        cart.carts().stream().filter(e -> e.alertId() != null)
                .forEach(e -> out.printf("  alert %s for the cart opened %s%n", e.alertId(), e.opened()));
    }

    public static void printSessions(SessionsAsOf sessions, PrintStream out) {
        out.printf("Sessions of %s as of %s (%d events up to then)%n", sessions.userId(), sessions.asOf(), sessions.eventsApplied());
        if (sessions.sessions().isEmpty()) {
            out.println("  no session so far");
            return;
        }
        out.printf("  %-24s %-24s %8s  %s%n", "session_start", "last_event", "events", "status");
        for (SessionsAsOf.SessionAt s : sessions.sessions()) {
            out.printf("  %-24s %-24s %8d  %s%n", s.sessionStart(), s.lastEvent(), s.events(),
                    s.closed() ? "closed" : "open (closes at " + s.closesAt() + " unless it goes on)");
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
