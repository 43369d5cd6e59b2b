package io.tidemark.events.generator;

/** What a generator run wrote, by kind of line. */
public record GeneratorStats(long lines, long valid, long late, long duplicates, long orderDuplicates, long invalid,
                            long carts, long abandonedCarts, long purchases, int activeUsers) {

    /** Distinct valid events (on time or late). */
    public long distinctEvents() {
        return valid + late;
    }

    public String toJson() {
        return "{\"lines\":" + lines + ",\"valid\":" + valid + ",\"late\":" + late + ",\"duplicates\":" + duplicates
                + ",\"order_duplicates\":" + orderDuplicates + ",\"invalid\":" + invalid + ",\"carts\":" + carts
                + ",\"abandoned_carts\":" + abandonedCarts + ",\"purchases\":" + purchases + ",\"active_users\":" + activeUsers + "}";
    }
}
