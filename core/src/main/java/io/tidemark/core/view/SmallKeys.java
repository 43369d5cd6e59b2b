package io.tidemark.core.view;

import java.util.Arrays;

/**
 * The keys of a per-user map that holds a handful of entries (a cart's products, a user's recent
 * ads) in arrays, in insertion order, with each key's hash beside it. A lookup compares hashes in
 * one array and reads a stored key only when its hash matches: the stored keys are strings of
 * events long past, cold in memory, which a {@code TreeMap}'s comparisons would read one by one.
 */
final class SmallKeys {

    private String[] keys;
    private int[] hashes;
    private int size;

    SmallKeys(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }

    /** The index of {@code key}, or −1. */
    int indexOf(String key) {
        int h = key.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && (keys[i] == key || keys[i].equals(key))) {
                return i;
            }
        }
        return -1;
    }

    /** Appends a key that is not there; returns its index (the owner grows its value arrays to {@link #capacity()}). */
    int add(String key) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        keys[size] = key;
        hashes[size] = key.hashCode();
        return size++;
    }

    int capacity() {
        return keys.length;
    }

    /** Removes the entry at {@code i} by moving the last one into it; returns the index that moved ({@code size} after). */
    int removeMovingLast(int i) {
        int last = --size;
        keys[i] = keys[last];
        hashes[i] = hashes[last];
        keys[last] = null;
        return last;
    }
}
