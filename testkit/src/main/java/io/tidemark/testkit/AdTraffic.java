package io.tidemark.testkit;

import io.tidemark.core.stream.StreamRecord;
import io.tidemark.events.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded ad traffic for the interval join, in arrival order: few users and ads (so that impressions
 * and clicks of the same user and ad meet often), clicks placed around impressions — inside the
 * 10-minute window, exactly at its end, one millisecond after it, at the very instant of the
 * impression, before it, or on another ad — and arrival up to {@code maxDisorder} after event time,
 * which often delivers a click before the impression it belongs to. Impressions cluster around hour
 * boundaries, where the latest impression decides the hour of an attributed click.
 */
public final class AdTraffic {

    private static final long MINUTE = 60_000;
    private static final long WINDOW = Duration.ofMinutes(10).toMillis();

    private AdTraffic() {
    }

    public static List<StreamRecord> generate(long seed, int users, int ads, int events, Duration maxDisorder) {
        Random rnd = new Random(seed);
        Instant start = Instant.parse("2026-11-23T09:40:00Z");
        record Pending(long arrival, int order, Event event) {
        }
        List<Pending> out = new ArrayList<>();
        List<Event> impressions = new ArrayList<>();
        long span = 3 * 60 * MINUTE;
        for (int i = 0; i < events; i++) {
            String user = "u" + rnd.nextInt(users);
            String ad = "ad-" + rnd.nextInt(ads);
            String id = "e" + seed + "-" + i;
            Event e;
            if (impressions.isEmpty() || rnd.nextInt(5) < 2) {
                long t = start.toEpochMilli() + (long) (rnd.nextDouble() * span);
                if (rnd.nextInt(4) == 0) {
                    t = Math.floorDiv(t, 60 * MINUTE) * 60 * MINUTE + 60 * MINUTE - rnd.nextInt(3 * (int) MINUTE); // just before an hour ends
                }
                e = Event.adImpression(id, user, Instant.ofEpochMilli(t), ad);
                impressions.add(e);
            } else {
                Event imp = impressions.get(rnd.nextInt(impressions.size()));
                long ti = imp.eventTimeMillis();
                long tc = switch (rnd.nextInt(8)) {
                    case 0 -> ti + WINDOW;              // the last instant that still attributes
                    case 1 -> ti + WINDOW + 1;          // just too late
                    case 2 -> ti;                       // the same instant
                    case 3 -> ti - 1 - rnd.nextInt((int) (2 * MINUTE)); // before the impression
                    default -> ti + rnd.nextInt((int) (12 * MINUTE));
                };
                boolean sameUserAndAd = rnd.nextInt(6) != 0;
                e = Event.adClick(id, sameUserAndAd ? imp.userId() : user, Instant.ofEpochMilli(tc), sameUserAndAd ? imp.adId() : ad);
            }
            long delay = maxDisorder.toMillis() <= 0 ? 0 : Math.floorMod(rnd.nextLong(), maxDisorder.toMillis() + 1);
            out.add(new Pending(e.eventTimeMillis() + delay, i, e));
            if (rnd.nextInt(30) == 0) {
                out.add(new Pending(e.eventTimeMillis() + Math.floorMod(rnd.nextLong(), maxDisorder.toMillis() + 1), events + i, e)); // producer duplicate
            }
        }
        out.sort(Comparator.comparingLong(Pending::arrival).thenComparingInt(Pending::order));
        List<StreamRecord> records = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Pending p = out.get(i);
            records.add(StreamRecord.valid(Integer.toString(i + 1), p.event().userId(), p.arrival(), p.event()));
        }
        return records;
    }

    /** Whether some click of {@code records} arrives before an impression it is attributed to (by the definition, brute force). */
    public static boolean hasClickBeforeItsImpression(List<StreamRecord> records) {
        for (int c = 0; c < records.size(); c++) {
            Event click = records.get(c).event();
            if (click == null || click.type() != io.tidemark.events.EventType.AD_CLICK) {
                continue;
            }
            for (int i = c + 1; i < records.size(); i++) {
                Event imp = records.get(i).event();
                if (imp != null && imp.type() == io.tidemark.events.EventType.AD_IMPRESSION && imp.userId().equals(click.userId())
                        && imp.adId().equals(click.adId()) && imp.eventTimeMillis() <= click.eventTimeMillis()
                        && click.eventTimeMillis() <= imp.eventTimeMillis() + WINDOW) {
                    return true;
                }
            }
        }
        return false;
    }
}
