package io.tidemark.local.quarantine;

import io.tidemark.dynamodb.Quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which quarantined records to show ({@code tidemark quarantine list|show|export}): by kind, by a text
 * in any of their reasons, by arrival time, by partition key (the user, by contract) and by shard. Unset
 * criteria match everything.
 *
 * @param kinds  rejected, late or both
 * @param reason a text that one of the reasons must contain (any case), or null
 * @param from   earliest arrival (inclusive), or null
 * @param to     latest arrival (exclusive), or null
 * @param user   the partition key, or null
 * @param shard  the shard id, or null
 */
public record QuarantineQuery(Set<Quarantine.Kind> kinds, String reason, Instant from, Instant to, String user, String shard) {

    /** In order of arrival (then shard and stream position): the order they reached the pipeline. */
    public static final Comparator<Quarantine.Entry> ARRIVAL_ORDER = Comparator.comparingLong(Quarantine.Entry::arrival)
            .thenComparing(Quarantine.Entry::shardId).thenComparingInt(e -> e.sequenceNumber().length())
            .thenComparing(Quarantine.Entry::sequenceNumber);

    public QuarantineQuery {
        kinds = Set.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("give at least one kind: rejected, late");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
    }

    /** Every record of both kinds. */
    public static QuarantineQuery all() {
        return new QuarantineQuery(Set.of(Quarantine.Kind.values()), null, null, null, null, null);
    }

    public boolean matches(Quarantine.Entry e) {
        return kinds.contains(e.kind())
                && (reason == null || e.reasons().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT))))
                && (from == null || e.arrival() >= from.toEpochMilli())
                && (to == null || e.arrival() < to.toEpochMilli())
                && (user == null || e.partitionKey().equals(user))
                && (shard == null || e.shardId().equals(shard));
    }

    /** The matching records of a quarantine table, in {@link #ARRIVAL_ORDER}. */
    public List<Quarantine.Entry> run(Quarantine quarantine) {
        List<Quarantine.Entry> out = new ArrayList<>();
        for (Quarantine.Kind kind : Quarantine.Kind.values()) {
            if (kinds.contains(kind)) {
                for (Quarantine.Entry e : quarantine.readAll(kind)) {
                    if (matches(e)) {
                        out.add(e);
                    }
                }
            }
        }
        out.sort(ARRIVAL_ORDER);
        return out;
    }
}
