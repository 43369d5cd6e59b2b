package io.tidemark.core.view;

import java.util.Comparator;
import java.util.Objects;

/**
 * An accepted ad click waiting in its user's buffer until the lateness horizon passes it: only then
 * is every impression that could match it known (an earlier impression arriving later would be late).
 *
 * @param time event time of the click (epoch ms)
 * @param adId the clicked ad
 */
public record PendingClick(long time, String adId) {

    /** Buffer order: event time, then ad id (clicks are independent, so any fixed order is exact). */
    public static final Comparator<PendingClick> ORDER = Comparator.comparingLong(PendingClick::time).thenComparing(PendingClick::adId);

    public PendingClick {
        Objects.requireNonNull(adId, "adId");
    }
}
