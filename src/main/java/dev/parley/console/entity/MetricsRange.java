package dev.parley.console.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The time ranges the metrics page offers, each with a bucket size that keeps a chart between 60 and 168 bars: finer
 * buckets over a week would put hundreds of bars in a few hundred pixels, coarser ones would hide an hour's spike.
 */
public enum MetricsRange {
    HOUR("1h", 60, 60),
    SIX_HOURS("6h", 72, 300),
    DAY("24h", 96, 900),
    WEEK("7d", 168, 3_600);

    private final String wire;
    private final int buckets;
    private final int bucketSeconds;

    MetricsRange(String wire, int buckets, int bucketSeconds) {
        this.wire = wire;
        this.buckets = buckets;
        this.bucketSeconds = bucketSeconds;
    }

    public String wire() {
        return wire;
    }

    public int buckets() {
        return buckets;
    }

    public long bucketMillis() {
        return bucketSeconds * 1_000L;
    }

    public long spanMillis() {
        return buckets * bucketMillis();
    }

    public static Optional<MetricsRange> fromWire(String s) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
    }
}
