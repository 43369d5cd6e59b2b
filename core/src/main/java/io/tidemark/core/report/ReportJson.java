package io.tidemark.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads a {@link Report} in exactly the JSON shape of docs/spec.md §5: snake_case keys in the
 * the spec's order, instants as ISO-8601 UTC, money as decimal strings. The two join views come after
 * {@code cart_abandonments}: {@code ad_attribution} (with {@code ctr} as a decimal string, or
 * {@code null} for an hour without impressions) and {@code revenue_per_hour_by_tier}.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    public static String toJson(Report report) {
        StringWriter out = new StringWriter();
        write(report, out);
        return out.toString();
    }

    /** Pretty-printed, with a final newline. */
    public static void write(Report report, Writer out) {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("revenue_per_hour");
            for (Report.RevenueWindow w : report.revenuePerHour()) {
                g.writeStartObject();
                g.writeStringField("window_start", w.windowStart().toString());
                g.writeStringField("window_end", w.windowEnd().toString());
                g.writeStringField("revenue", w.revenue().toPlainString());
                g.writeNumberField("orders", w.orders());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("active_users");
            for (Report.ActiveUsersWindow w : report.activeUsers()) {
                g.writeStartObject();
                g.writeStringField("window_start", w.windowStart().toString());
                g.writeStringField("window_end", w.windowEnd().toString());
                g.writeNumberField("users", w.users());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sessions");
            for (Report.UserSession s : report.sessions()) {
                g.writeStartObject();
                g.writeStringField("user_id", s.userId());
                g.writeStringField("session_start", s.sessionStart().toString());
                g.writeStringField("last_event", s.lastEvent().toString());
                g.writeNumberField("events", s.events());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cart_abandonments");
            for (Report.Abandonment a : report.cartAbandonments()) {
                g.writeStartObject();
                g.writeStringField("alert_id", a.alertId());
                g.writeStringField("user_id", a.userId());
                g.writeStringField("cart_opened", a.cartOpened().toString());
                g.writeStringField("last_activity", a.lastActivity().toString());
                g.writeArrayFieldStart("products");
                for (String p : a.products()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("ad_attribution");
            for (Report.AdAttribution a : report.adAttribution()) {
                g.writeStartObject();
                g.writeStringField("window_start", a.windowStart().toString());
                g.writeStringField("window_end", a.windowEnd().toString());
                g.writeStringField("ad_id", a.adId());
                g.writeNumberField("impressions", a.impressions());
                g.writeNumberField("clicks", a.clicks());
                g.writeNumberField("attributed_clicks", a.attributedClicks());
                BigDecimal ctr = a.ctr();
                if (ctr == null) {
                    g.writeNullField("ctr");
                } else {
                    g.writeStringField("ctr", ctr.toPlainString());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("revenue_per_hour_by_tier");
            for (Report.TierRevenueWindow w : report.revenuePerHourByTier()) {
                g.writeStartObject();
                g.writeStringField("window_start", w.windowStart().toString());
                g.writeStringField("window_end", w.windowEnd().toString());
                g.writeStringField("tier", w.tier());
                g.writeStringField("revenue", w.revenue().toPlainString());
                g.writeNumberField("orders", w.orders());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("counts");
            g.writeNumberField("accepted", report.counts().accepted());
            g.writeNumberField("duplicates", report.counts().duplicates());
            g.writeNumberField("rejected", report.counts().rejected());
            g.writeNumberField("late", report.counts().late());
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a report; a missing or malformed field fails with its path. */
    public static Report read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("report is not valid JSON: " + e.getMessage(), e);
        }
        List<Report.RevenueWindow> revenue = new ArrayList<>();
        for (JsonNode n : array(root, "revenue_per_hour")) {
            revenue.add(new Report.RevenueWindow(instant(n, "revenue_per_hour", "window_start"), instant(n, "revenue_per_hour", "window_end"),
                    decimal(n, "revenue_per_hour", "revenue"), integer(n, "revenue_per_hour", "orders")));
        }
        List<Report.ActiveUsersWindow> active = new ArrayList<>();
        for (JsonNode n : array(root, "active_users")) {
            active.add(new Report.ActiveUsersWindow(instant(n, "active_users", "window_start"), instant(n, "active_users", "window_end"),
                    integer(n, "active_users", "users")));
        }
        List<Report.UserSession> sessions = new ArrayList<>();
        for (JsonNode n : array(root, "sessions")) {
            sessions.add(new Report.UserSession(text(n, "sessions", "user_id"), instant(n, "sessions", "session_start"),
                    instant(n, "sessions", "last_event"), integer(n, "sessions", "events")));
        }
        List<Report.Abandonment> abandonments = new ArrayList<>();
        for (JsonNode n : array(root, "cart_abandonments")) {
            List<String> products = new ArrayList<>();
            for (JsonNode p : array(n, "products")) {
                products.add(p.asText());
            }
            abandonments.add(new Report.Abandonment(text(n, "cart_abandonments", "alert_id"), text(n, "cart_abandonments", "user_id"),
                    instant(n, "cart_abandonments", "cart_opened"), instant(n, "cart_abandonments", "last_activity"), products));
        }
        List<Report.AdAttribution> ads = new ArrayList<>();
        for (JsonNode n : array(root, "ad_attribution")) {
            Report.AdAttribution a = new Report.AdAttribution(instant(n, "ad_attribution", "window_start"),
                    instant(n, "ad_attribution", "window_end"), text(n, "ad_attribution", "ad_id"), integer(n, "ad_attribution", "impressions"),
                    integer(n, "ad_attribution", "clicks"), integer(n, "ad_attribution", "attributed_clicks"));
            checkCtr(n, a);
            ads.add(a);
        }
        List<Report.TierRevenueWindow> tiers = new ArrayList<>();
        for (JsonNode n : array(root, "revenue_per_hour_by_tier")) {
            tiers.add(new Report.TierRevenueWindow(instant(n, "revenue_per_hour_by_tier", "window_start"),
                    instant(n, "revenue_per_hour_by_tier", "window_end"), text(n, "revenue_per_hour_by_tier", "tier"),
                    decimal(n, "revenue_per_hour_by_tier", "revenue"), integer(n, "revenue_per_hour_by_tier", "orders")));
        }
        JsonNode counts = root.get("counts");
        if (counts == null || !counts.isObject()) {
            throw new IllegalArgumentException("report: 'counts' must be an object");
        }
        return new Report(revenue, active, sessions, abandonments, ads, tiers, new Report.Counts(integer(counts, "counts", "accepted"),
                integer(counts, "counts", "duplicates"), integer(counts, "counts", "rejected"), integer(counts, "counts", "late")));
    }

    /** {@code ctr} is derived from the counts; a written one that disagrees (a hand-edited report) is an error. */
    private static void checkCtr(JsonNode n, Report.AdAttribution a) {
        JsonNode ctr = n.get("ctr");
        BigDecimal expected = a.ctr();
        String want = expected == null ? "null" : "\"" + expected.toPlainString() + "\"";
        boolean ok = ctr == null || (expected == null ? ctr.isNull() : ctr.isTextual() && ctr.textValue().equals(expected.toPlainString()));
        if (!ok) {
            throw new IllegalArgumentException("report: ad_attribution[].ctr of ad '" + a.adId() + "' at " + a.windowStart() + " is " + ctr
                    + " but attributed_clicks / impressions = " + a.attributedClicks() + " / " + a.impressions() + " gives " + want
                    + " (rounded half-up to " + Report.AdAttribution.CTR_SCALE + " places); fix it or leave ctr out");
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("report: '" + field + "' must be an array");
        }
        return n;
    }

    private static String text(JsonNode node, String list, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("report: " + list + "[]." + field + " must be a string");
        }
        return n.textValue();
    }

    private static Instant instant(JsonNode node, String list, String field) {
        String s = text(node, list, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("report: " + list + "[]." + field + " must be an ISO-8601 instant, got '" + s + "'", e);
        }
    }

    private static BigDecimal decimal(JsonNode node, String list, String field) {
        String s = text(node, list, field);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("report: " + list + "[]." + field + " must be a decimal string, got '" + s + "'", e);
        }
    }

    private static long integer(JsonNode node, String list, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("report: " + list + "." + field + " must be an integer");
        }
        return n.longValue();
    }
}
