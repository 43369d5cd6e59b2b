package io.tidemark.testkit;

import io.tidemark.core.report.Report;
import io.tidemark.core.stream.StreamRecord;
import io.tidemark.core.view.CartAbandonment;
import io.tidemark.events.Event;
import io.tidemark.events.EventType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The obvious program docs/spec.md §2 describes, by brute force over the whole input: classify
 * the records in arrival order (rejected, late — as decided by the caller —, duplicate event id,
 * accepted), let the first accepted event of each order id claim it, then sort the accepted events
 * by event time (ties: arrival order) and compute each view directly from its definition. The joins
 * too: every click is checked against every impression of its user, and every counted order looks
 * its customer up in a plain map. No watermarks, no state, no incremental anything: the yardstick
 * the core is compared against.
 */
public final class ReferencePipeline {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final long GAP = Duration.ofMinutes(30).toMillis();
    private static final long ATTRIBUTION = Duration.ofMinutes(10).toMillis();
    private static final String UNKNOWN_TIER = "unknown";

    private ReferencePipeline() {
    }

    /**
     * The records of one stream that are late by the reference's own watermark model, decided without the
     * pipeline: in arrival order, the watermark is the largest event time accepted so far minus the delay, and a
     * valid record whose event time is before the watermark minus the allowed lateness is late (checked before
     * its id is looked up, as {@link #run(List, Set)} classifies). The stream must stay active throughout (no
     * processing-time idling, which would move the watermark by the clock). On one shard this is exactly what the
     * pipeline must quarantine as late; on several, a record can be late only if it is late on its own shard.
     *
     * @return the sequence numbers of the late records
     */
    public static Set<String> lateOnOneStream(List<StreamRecord> arrivalOrder, Duration watermarkDelay, Duration allowedLateness) {
        Set<String> late = new HashSet<>();
        Set<String> seenIds = new HashSet<>();
        long maxAccepted = Long.MIN_VALUE;
        for (StreamRecord r : arrivalOrder) {
            if (!r.isValid()) {
                continue;
            }
            long t = r.event().eventTimeMillis();
            if (maxAccepted != Long.MIN_VALUE && t < maxAccepted - watermarkDelay.toMillis() - allowedLateness.toMillis()) {
                late.add(r.sequenceNumber());
            } else if (seenIds.add(r.event().eventId())) {
                maxAccepted = Math.max(maxAccepted, t);
            }
        }
        return late;
    }

    /** The report over every record, none late (bounded out-of-orderness within the watermark delay). */
    public static Report run(List<StreamRecord> arrivalOrder) {
        return run(arrivalOrder, Set.of());
    }

    /**
     * @param arrivalOrder  every record once, in arrival order
     * @param lateSequences sequence numbers of the records to treat as late
     */
    public static Report run(List<StreamRecord> arrivalOrder, Set<String> lateSequences) {
        return run(arrivalOrder, lateSequences, Map.of());
    }

    /**
     * @param arrivalOrder  every record once, in arrival order
     * @param lateSequences sequence numbers of the records to treat as late
     * @param tiers         the customers table: user id → tier; everyone else is {@code unknown}
     */
    public static Report run(List<StreamRecord> arrivalOrder, Set<String> lateSequences, Map<String, String> tiers) {
        record Accepted(Event event, int arrival, boolean counted) {
        }
        long rejected = 0;
        long late = 0;
        long duplicates = 0;
        Set<String> seenIds = new HashSet<>();
        Set<String> claimedOrders = new HashSet<>();
        List<Accepted> accepted = new ArrayList<>();
        for (StreamRecord r : arrivalOrder) {
            if (!r.isValid()) {
                rejected++;
            } else if (lateSequences.contains(r.sequenceNumber())) {
                late++;
            } else if (!seenIds.add(r.event().eventId())) {
                duplicates++;
            } else {
                Event e = r.event();
                boolean counted = e.type() == EventType.PURCHASE && claimedOrders.add(e.orderId());
                accepted.add(new Accepted(e, accepted.size(), counted));
            }
        }
        accepted.sort(Comparator.comparingLong((Accepted a) -> a.event().eventTimeMillis()).thenComparingInt(Accepted::arrival));

        // Revenue per hour.
        TreeMap<Long, BigDecimal> revenue = new TreeMap<>();
        TreeMap<Long, Long> orders = new TreeMap<>();
        for (Accepted a : accepted) {
            if (a.counted()) {
                long hour = Math.floorDiv(a.event().eventTimeMillis(), HOUR) * HOUR;
                revenue.merge(hour, a.event().amount(), BigDecimal::add);
                orders.merge(hour, 1L, Long::sum);
            }
        }
        List<Report.RevenueWindow> revenueWindows = new ArrayList<>();
        revenue.forEach((hour, sum) -> revenueWindows.add(new Report.RevenueWindow(Instant.ofEpochMilli(hour),
                Instant.ofEpochMilli(hour + HOUR), sum, orders.get(hour))));

        // Active users: for every minute boundary m, the window [m − 5 min, m).
        TreeMap<Long, Set<String>> windows = new TreeMap<>();
        for (Accepted a : accepted) {
            long t = a.event().eventTimeMillis();
            for (long m = Math.floorDiv(t, MINUTE) * MINUTE + MINUTE; m <= t + 5 * MINUTE; m += MINUTE) {
                if (t >= m - 5 * MINUTE && t < m) {
                    windows.computeIfAbsent(m - 5 * MINUTE, k -> new TreeSet<>()).add(a.event().userId());
                }
            }
        }
        // Revenue per hour by tier: the same counted orders, keyed by their customer's tier.
        record HourKey(long hour, String key) {
        }
        TreeMap<HourKey, BigDecimal> tierRevenue = new TreeMap<>(Comparator.comparingLong(HourKey::hour).thenComparing(HourKey::key));
        Map<HourKey, Long> tierOrders = new HashMap<>();
        for (Accepted a : accepted) {
            if (a.counted()) {
                HourKey k = new HourKey(Math.floorDiv(a.event().eventTimeMillis(), HOUR) * HOUR,
                        tiers.getOrDefault(a.event().userId(), UNKNOWN_TIER));
                tierRevenue.merge(k, a.event().amount(), BigDecimal::add);
                tierOrders.merge(k, 1L, Long::sum);
            }
        }
        List<Report.TierRevenueWindow> tierWindows = new ArrayList<>();
        tierRevenue.forEach((k, sum) -> tierWindows.add(new Report.TierRevenueWindow(Instant.ofEpochMilli(k.hour()),
                Instant.ofEpochMilli(k.hour() + HOUR), k.key(), sum, tierOrders.get(k))));

        // Ad attribution: each click against every impression of the same user and ad; the latest
        // with impression ≤ click ≤ impression + 10 min wins (ties: the later arrival), and the click
        // counts as attributed in that impression's hour.
        Map<HourKey, long[]> ads = new HashMap<>();
        for (Accepted a : accepted) {
            Event e = a.event();
            if (e.type() == EventType.AD_IMPRESSION) {
                ads.computeIfAbsent(new HourKey(Math.floorDiv(e.eventTimeMillis(), HOUR) * HOUR, e.adId()), k -> new long[3])[0]++;
            } else if (e.type() == EventType.AD_CLICK) {
                ads.computeIfAbsent(new HourKey(Math.floorDiv(e.eventTimeMillis(), HOUR) * HOUR, e.adId()), k -> new long[3])[1]++;
                Accepted match = null;
                for (Accepted i : accepted) {
                    Event imp = i.event();
                    long ti = imp.eventTimeMillis();
                    long tc = e.eventTimeMillis();
                    if (imp.type() == EventType.AD_IMPRESSION && imp.userId().equals(e.userId()) && imp.adId().equals(e.adId())
                            && ti <= tc && tc <= ti + ATTRIBUTION
                            && (match == null || ti > match.event().eventTimeMillis()
                                || ti == match.event().eventTimeMillis() && i.arrival() > match.arrival())) {
                        match = i;
                    }
                }
                if (match != null) {
                    ads.computeIfAbsent(new HourKey(Math.floorDiv(match.event().eventTimeMillis(), HOUR) * HOUR, e.adId()),
                            k -> new long[3])[2]++;
                }
            }
        }
        List<Report.AdAttribution> adRows = new ArrayList<>();
        ads.forEach((k, c) -> adRows.add(new Report.AdAttribution(Instant.ofEpochMilli(k.hour()), Instant.ofEpochMilli(k.hour() + HOUR),
                k.key(), c[0], c[1], c[2])));

        List<Report.ActiveUsersWindow> activeWindows = new ArrayList<>();
        windows.forEach((start, users) -> activeWindows.add(new Report.ActiveUsersWindow(Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + 5 * MINUTE), users.size())));

        // Per user, in event-time order: sessions and the cart machine.
        Map<String, List<Event>> byUser = new LinkedHashMap<>();
        for (Accepted a : accepted) {
            byUser.computeIfAbsent(a.event().userId(), k -> new ArrayList<>()).add(a.event());
        }
        List<Report.UserSession> sessions = new ArrayList<>();
        List<Report.Abandonment> abandonments = new ArrayList<>();
        for (Map.Entry<String, List<Event>> entry : byUser.entrySet()) {
            String user = entry.getKey();
            List<Event> events = entry.getValue();
            long start = 0;
            long last = 0;
            long count = 0;
            for (Event e : events) {
                long t = e.eventTimeMillis();
                if (count > 0 && t - last >= GAP) {
                    sessions.add(new Report.UserSession(user, Instant.ofEpochMilli(start), Instant.ofEpochMilli(last), count));
                    count = 0;
                }
                if (count == 0) {
                    start = t;
                }
                last = t;
                count++;
            }
            if (count > 0) {
                sessions.add(new Report.UserSession(user, Instant.ofEpochMilli(start), Instant.ofEpochMilli(last), count));
            }

            boolean open = false;
            long opened = 0;
            long lastActivity = 0;
            Map<String, Integer> quantities = new HashMap<>();
            for (Event e : events) {
                long t = e.eventTimeMillis();
                if (open && t >= lastActivity + GAP) {
                    abandonments.add(abandonment(user, opened, lastActivity, quantities));
                    open = false;
                }
                switch (e.type()) {
                    case ADD_TO_CART -> {
                        if (!open) {
                            open = true;
                            opened = t;
                            quantities = new HashMap<>();
                        }
                        lastActivity = t;
                        quantities.merge(e.productId(), e.quantity(), Integer::sum);
                    }
                    case REMOVE_FROM_CART -> {
                        if (open) {
                            lastActivity = t;
                            quantities.merge(e.productId(), -e.quantity(), Integer::sum);
                        }
                    }
                    case PURCHASE -> open = false;
                    default -> {
                    }
                }
            }
            if (open) {
                abandonments.add(abandonment(user, opened, lastActivity, quantities)); // end of input: the timer fires
            }
        }
        return new Report(revenueWindows, activeWindows, sessions, abandonments, adRows, tierWindows,
                new Report.Counts(accepted.size(), duplicates, rejected, late));
    }

    private static Report.Abandonment abandonment(String user, long opened, long lastActivity, Map<String, Integer> quantities) {
        List<String> products = new ArrayList<>();
        new TreeMap<>(quantities).forEach((p, q) -> {
            if (q > 0) {
                products.add(p);
            }
        });
        Instant openedAt = Instant.ofEpochMilli(opened);
        return new Report.Abandonment(CartAbandonment.alertIdFor(user, openedAt), user, openedAt, Instant.ofEpochMilli(lastActivity), products);
    }
}
