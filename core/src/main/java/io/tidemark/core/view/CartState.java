package io.tidemark.core.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One user's cart state machine: the open cart (if any) as of the lateness horizon, and the
 * accepted cart inputs at or after the horizon, buffered in (event time, arrival) order until the
 * horizon passes them. Mutable; owned by the user's state in one shard.
 */
public final class CartState {

    static final long NO_CART = Long.MIN_VALUE;

    long opened = NO_CART;
    long lastActivity;
    // The open cart's net quantities, by product in insertion order; null without an open cart.
    private SmallKeys products;
    private int[] quantities;
    ArrayList<CartInput> pending;

    public boolean hasOpenCart() {
        return opened != NO_CART;
    }

    public long openedAt() {
        return opened;
    }

    public long lastActivity() {
        return lastActivity;
    }

    /** Net quantity per product of the open cart (may be zero or negative), sorted by product id. */
    public Map<String, Integer> quantities() {
        TreeMap<String, Integer> out = new TreeMap<>();
        if (products != null) {
            for (int i = 0; i < products.size(); i++) {
                out.put(products.key(i), quantities[i]);
            }
        }
        return out;
    }

    /** The products of the open cart with a net quantity above zero, sorted by product id. */
    List<String> productsInCart() {
        String[] in = new String[products.size()];
        int n = 0;
        for (int i = 0; i < products.size(); i++) {
            if (quantities[i] > 0) {
                // Insertion sort: a cart holds a handful of products.
                String product = products.key(i);
                int at = n++;
                while (at > 0 && in[at - 1].compareTo(product) > 0) {
                    in[at] = in[at - 1];
                    at--;
                }
                in[at] = product;
            }
        }
        return Arrays.asList(in).subList(0, n);
    }

    /** Opens a cart at {@code time} with nothing in it. */
    void open(long time) {
        opened = time;
        products = new SmallKeys(4);
        quantities = new int[4];
    }

    /** Adds {@code delta} (negative for a removal) to the open cart's net quantity of {@code productId}. */
    void addQuantity(String productId, int delta) {
        int at = products.indexOf(productId);
        if (at < 0) {
            at = products.add(productId);
            if (quantities.length < products.capacity()) {
                quantities = Arrays.copyOf(quantities, products.capacity());
            }
        }
        quantities[at] += delta;
    }

    void close() {
        opened = NO_CART;
        lastActivity = 0;
        products = null;
        quantities = null;
    }

    public List<CartInput> pending() {
        return pending == null ? List.of() : List.copyOf(pending);
    }

    public boolean isEmpty() {
        return !hasOpenCart() && (pending == null || pending.isEmpty());
    }

    /** Restores from a snapshot. */
    public static CartState of(long opened, long lastActivity, Map<String, Integer> quantities, List<CartInput> pending) {
        CartState s = new CartState();
        if (opened != NO_CART) {
            s.open(opened);
            s.lastActivity = lastActivity;
            quantities.forEach(s::addQuantity);
        }
        if (!pending.isEmpty()) {
            s.pending = new ArrayList<>(pending);
        }
        return s;
    }

    /** The sentinel {@link #openedAt()} returns without an open cart. */
    public static long noCart() {
        return NO_CART;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CartState c && c.opened == opened && (opened == NO_CART || c.lastActivity == lastActivity)
                && c.quantities().equals(quantities()) && c.pending().equals(pending());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(opened) * 31 + pending().hashCode();
    }

    @Override
    public String toString() {
        return "CartState[opened=" + opened + ", lastActivity=" + lastActivity + ", quantities=" + quantities() + ", pending=" + pending() + "]";
    }
}
