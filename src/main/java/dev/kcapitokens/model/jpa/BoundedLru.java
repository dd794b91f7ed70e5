package dev.kcapitokens.model.jpa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * A map of bounded size that drops its least recently used entry, one at a time, when full: never everything at once.
 * Split into segments, each its own access-ordered {@link LinkedHashMap} under its own lock, so that concurrent
 * requests rarely wait for each other; each segment holds at most its share of the bound, so the whole never holds
 * more than {@code maxEntries}. Eviction is least-recently-used within a segment, which approximates it overall.
 */
final class BoundedLru<K, V> {

    private final Segment<K, V>[] segments;

    @SuppressWarnings("unchecked")
    BoundedLru(int maxEntries, int segmentCount) {
        if (maxEntries < 1 || segmentCount < 1) {
            throw new IllegalArgumentException("maxEntries and segmentCount must be positive");
        }
        int count = Math.min(segmentCount, maxEntries);
        segments = new Segment[count];
        for (int i = 0; i < count; i++) {
            segments[i] = new Segment<>(maxEntries / count + (i < maxEntries % count ? 1 : 0));
        }
    }

    V get(K key) {
        Segment<K, V> segment = segment(key);
        synchronized (segment) {
            return segment.get(key);
        }
    }

    /** Stores {@code value}, or {@code merge(old, value)} when the key is present. */
    void put(K key, V value, BinaryOperator<V> merge) {
        Segment<K, V> segment = segment(key);
        synchronized (segment) {
            segment.merge(key, value, merge);
        }
    }

    void remove(K key) {
        Segment<K, V> segment = segment(key);
        synchronized (segment) {
            segment.remove(key);
        }
    }

    int size() {
        int size = 0;
        for (Segment<K, V> segment : segments) {
            synchronized (segment) {
                size += segment.size();
            }
        }
        return size;
    }

    private Segment<K, V> segment(K key) {
        int hash = key.hashCode();
        return segments[Math.floorMod(hash ^ (hash >>> 16), segments.length)];
    }

    private static final class Segment<K, V> extends LinkedHashMap<K, V> {

        private final int maxEntries;

        Segment(int maxEntries) {
            super(16, 0.75f, true);
            this.maxEntries = maxEntries;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > maxEntries;
        }
    }
}
