package io.tidemark.core.state;

import java.util.Arrays;
import java.util.List;

/**
 * The orders one user counted since they last left memory, with the event time of the latest: what
 * decides, without asking anything outside, that a repeated order adds nothing. A handful per user
 * (at most {@link #CAPACITY}; beyond it they leave memory together), kept in arrays with their ids'
 * hashes beside them, like a cart's products.
 */
final class UserOrders {

    /** Orders a user keeps in memory; the next counted order sends these to the archive first. */
    static final int CAPACITY = 64;

    private String[] ids = new String[2];
    private int[] hashes = new int[2];
    private int size;
    private long lastAt;

    int size() {
        return size;
    }

    boolean isFull() {
        return size == CAPACITY;
    }

    /** Event time of the latest counted order. */
    long lastAt() {
        return lastAt;
    }

    boolean contains(String orderId) {
        int h = orderId.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && ids[i].equals(orderId)) {
                return true;
            }
        }
        return false;
    }

    void add(String orderId, long at) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.min(CAPACITY, size * 2));
            hashes = Arrays.copyOf(hashes, ids.length);
        }
        ids[size] = orderId;
        hashes[size] = orderId.hashCode();
        size++;
        lastAt = size == 1 ? at : Math.max(lastAt, at);
    }

    /** The order ids in the order they were counted. */
    List<String> ids() {
        return List.of(Arrays.copyOf(ids, size));
    }

    static UserOrders restore(List<String> orderIds, long lastAt) {
        UserOrders o = new UserOrders();
        for (String id : orderIds) {
            o.add(id, lastAt);
        }
        return o;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserOrders o && o.lastAt == lastAt && o.ids().equals(ids());
    }

    @Override
    public int hashCode() {
        return ids().hashCode();
    }

    @Override
    public String toString() {
        return ids() + "@" + lastAt;
    }
}
