package io.tidemark.bench.flink;

import io.tidemark.core.report.Report;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field-by-field comparison of two reports: which views agree, and the first difference in words
 * ({@code sessions (8 812 vs 8 813 rows): only flink has UserSession[…]}). Rows are matched by their
 * key in docs/spec.md §5 order (window start; session start and user; cart opening and user), so one missing
 * row is named as such instead of shifting every row after it.
 */
public record ReportDiff(Map<String, Boolean> perView, String firstDifference) {

    public static final List<String> VIEWS = List.of("revenue_per_hour", "active_users", "sessions", "cart_abandonments", "counts");

    public boolean equal() {
        return firstDifference == null;
    }

    public static ReportDiff between(String leftName, Report left, String rightName, Report right) {
        Map<String, Boolean> perView = new LinkedHashMap<>();
        String first = null;
        String[] diffs = {
                rows("revenue_per_hour", leftName, left.revenuePerHour(), rightName, right.revenuePerHour(),
                        Comparator.comparing(Report.RevenueWindow::windowStart)),
                rows("active_users", leftName, left.activeUsers(), rightName, right.activeUsers(),
                        Comparator.comparing(Report.ActiveUsersWindow::windowStart)),
                rows("sessions", leftName, left.sessions(), rightName, right.sessions(),
                        Comparator.comparing(Report.UserSession::sessionStart).thenComparing(Report.UserSession::userId)),
                rows("cart_abandonments", leftName, left.cartAbandonments(), rightName, right.cartAbandonments(),
                        Comparator.comparing(Report.Abandonment::cartOpened).thenComparing(Report.Abandonment::userId)),
                left.counts().equals(right.counts()) ? null
                        : "counts: " + leftName + " " + left.counts() + ", " + rightName + " " + right.counts()
        };
        for (int i = 0; i < diffs.length; i++) {
            perView.put(VIEWS.get(i), diffs[i] == null);
            if (first == null) {
                first = diffs[i];
            }
        }
        return new ReportDiff(Collections.unmodifiableMap(perView), first);
    }

    /** The first row that differs between two lists sorted by {@code key}, or null. */
    private static <T> String rows(String view, String leftName, List<T> left, String rightName, List<T> right, Comparator<T> key) {
        if (left.equals(right)) {
            return null;
        }
        String prefix = view + " (" + left.size() + " vs " + right.size() + " rows): ";
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i == left.size()) {
                return prefix + "only " + rightName + " has " + right.get(j);
            }
            if (j == right.size()) {
                return prefix + "only " + leftName + " has " + left.get(i);
            }
            T a = left.get(i);
            T b = right.get(j);
            int order = key.compare(a, b);
            if (order < 0) {
                return prefix + "only " + leftName + " has " + a;
            }
            if (order > 0) {
                return prefix + "only " + rightName + " has " + b;
            }
            if (!a.equals(b)) {
                return prefix + leftName + " " + a + ", " + rightName + " " + b;
            }
            i++;
            j++;
        }
        return prefix + "same rows in another order"; // cannot happen: Report sorts its lists
    }
}
