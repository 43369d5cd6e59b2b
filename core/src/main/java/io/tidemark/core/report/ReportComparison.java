package io.tidemark.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.time.Timestamps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two reports section by section, in their docs/spec.md §5 JSON form, so that every view the
 * report carries is compared — also views added later — without a comparison of its own. Items of
 * a list are matched by their identifying fields ({@link #IDENTITY_FIELDS}: window start, user,
 * alert, ad, tier …); a matched item whose other fields differ is one <em>changed</em> difference,
 * an unmatched item is <em>only in</em> one report.
 * <p>
 * A live pipeline that has not reached the end of its input has final results only before its
 * sealed horizon {@code H}: {@link #settledBefore(Report, Report, long)} compares only items that
 * are settled at {@code H} in both (windows ending at or before {@code H}; sessions and carts
 * whose 30-minute gap has passed {@code H}) and leaves the counts out.
 */
public final class ReportComparison {

    /** Fields that identify an item of a report list (all that an item has of them, together). */
    public static final List<String> IDENTITY_FIELDS = List.of("window_start", "user_id", "session_start", "alert_id", "cart_opened",
            "ad_id", "tier");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE_GAP = Duration.ofMinutes(30);
    private static final Duration ATTRIBUTION = io.tidemark.core.view.ViewSettings.spec().attributionWindow();

    /** One difference: where, and the value on each side ({@code null}: absent). */
    public record Difference(String path, String rebuilt, String reference) {
        public Difference {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path + ": " + (rebuilt == null ? "absent" : rebuilt) + " in the rebuilt views, "
                    + (reference == null ? "absent" : reference) + " in the reference";
        }
    }

    /** The outcome: which sections were compared, what differs, and what was left out. */
    public record Outcome(List<String> sections, List<Difference> differences, long itemsCompared, String scope) {
        public Outcome {
            sections = List.copyOf(sections);
            differences = List.copyOf(differences);
        }

        public boolean identical() {
            return differences.isEmpty();
        }
    }

    private ReportComparison() {
    }

    /** Every section, counts included. */
    public static Outcome whole(Report rebuilt, Report reference) {
        return compare(tree(rebuilt), tree(reference), Timestamps.POSITIVE_INFINITY);
    }

    /**
     * Only what is settled at {@code horizon} (epoch ms) in both; with {@code horizon = +∞} this is
     * {@link #whole(Report, Report)}.
     */
    public static Outcome settledBefore(Report rebuilt, Report reference, long horizon) {
        return compare(tree(rebuilt), tree(reference), horizon);
    }

    /** The same on report JSON trees (for reports with sections the {@link Report} type does not have yet). */
    public static Outcome compare(JsonNode rebuilt, JsonNode reference, long horizon) {
        boolean all = horizon == Timestamps.POSITIVE_INFINITY;
        List<Difference> out = new ArrayList<>();
        Set<String> sections = new LinkedHashSet<>();
        rebuilt.fieldNames().forEachRemaining(sections::add);
        reference.fieldNames().forEachRemaining(sections::add);
        long compared = 0;
        List<String> comparedSections = new ArrayList<>();
        for (String section : sections) {
            JsonNode a = rebuilt.get(section);
            JsonNode b = reference.get(section);
            if (a == null || b == null) {
                out.add(new Difference(section, a == null ? null : "present", b == null ? null : "present"));
                continue;
            }
            if (a.isArray() && b.isArray()) {
                comparedSections.add(section);
                compared += compareLists(section, settled(a, horizon), settled(b, horizon), out);
            } else if (all) {
                comparedSections.add(section);
                compared += compareValues(section, a, b, out);
            }
        }
        String scope = all ? "every section, counts included"
                : "items settled before " + Timestamps.format(horizon) + " (the reference's sealed horizon); counts left out";
        return new Outcome(comparedSections, out, compared, scope);
    }

    private static List<JsonNode> settled(JsonNode list, long horizon) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : list) {
            if (horizon == Timestamps.POSITIVE_INFINITY || isSettled(item, horizon)) {
                kept.add(item);
            }
        }
        return kept;
    }

    /**
     * Settled at {@code horizon}: a window that ended by then (an ad-attribution row once its clicks can
     * no longer be attributed: the attribution window after its end), a session or cart whose gap has passed it.
     */
    static boolean isSettled(JsonNode item, long horizon) {
        Long end = instant(item, "window_end");
        if (end != null) {
            return (item.has("attributed_clicks") ? end + ATTRIBUTION.toMillis() : end) <= horizon;
        }
        Long last = instant(item, "last_event");
        if (last == null) {
            last = instant(item, "last_activity");
        }
        if (last != null) {
            return last + SETTLE_GAP.toMillis() <= horizon;
        }
        return false; // nothing tells when it settles: only compared at the end of input
    }

    private static Long instant(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v != null && v.isTextual() ? Instant.parse(v.asText()).toEpochMilli() : null;
    }

    private static long compareLists(String section, List<JsonNode> rebuilt, List<JsonNode> reference, List<Difference> out) {
        Map<String, List<JsonNode>> byIdentity = new LinkedHashMap<>();
        for (JsonNode item : reference) {
            byIdentity.computeIfAbsent(identity(item), k -> new ArrayList<>()).add(item);
        }
        for (JsonNode item : rebuilt) {
            String id = identity(item);
            List<JsonNode> candidates = byIdentity.get(id);
            if (candidates == null || candidates.isEmpty()) {
                out.add(new Difference(section + "[" + id + "]", item.toString(), null));
                continue;
            }
            int exact = candidates.indexOf(item);
            JsonNode match = candidates.remove(exact >= 0 ? exact : 0);
            if (!match.equals(item)) {
                compareFields(section + "[" + id + "]", item, match, out);
            }
        }
        byIdentity.forEach((id, rest) -> rest.forEach(item -> out.add(new Difference(section + "[" + id + "]", null, item.toString()))));
        return Math.max(rebuilt.size(), reference.size());
    }

    private static void compareFields(String path, JsonNode a, JsonNode b, List<Difference> out) {
        Set<String> fields = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(fields::add);
        b.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            JsonNode x = a.get(f);
            JsonNode y = b.get(f);
            if (!Objects.equals(x, y)) {
                out.add(new Difference(path + "." + f, x == null ? null : x.toString(), y == null ? null : y.toString()));
            }
        }
    }

    private static long compareValues(String section, JsonNode a, JsonNode b, List<Difference> out) {
        if (a.isObject() && b.isObject()) {
            compareFields(section, a, b, out);
            return a.size();
        }
        if (!a.equals(b)) {
            out.add(new Difference(section, a.toString(), b.toString()));
        }
        return 1;
    }

    /** {@code window_start=…,user_id=…} from the identity fields an item has; the whole item if it has none. */
    static String identity(JsonNode item) {
        StringBuilder id = new StringBuilder();
        for (String f : IDENTITY_FIELDS) {
            JsonNode v = item.get(f);
            if (v != null) {
                if (!id.isEmpty()) {
                    id.append(',');
                }
                id.append(f).append('=').append(v.isTextual() ? v.asText() : v.toString());
            }
        }
        return id.isEmpty() ? item.toString() : id.toString();
    }

    private static JsonNode tree(Report report) {
        try {
            return JSON.readTree(ReportJson.toJson(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome as JSON (for {@code --json}). */
    public static ObjectNode toJson(Outcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("identical", outcome.identical());
        root.put("scope", outcome.scope());
        outcome.sections().forEach(root.putArray("sections")::add);
        root.put("items_compared", outcome.itemsCompared());
        var diffs = root.putArray("differences");
        for (Difference d : outcome.differences()) {
            ObjectNode n = diffs.addObject();
            n.put("path", d.path());
            n.put("rebuilt", d.rebuilt());
            n.put("reference", d.reference());
        }
        return root;
    }
}
