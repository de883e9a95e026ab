package dev.parley.console.control;

import java.util.Arrays;

/**
 * Nearest-rank percentiles: always a value that was measured, never an interpolation between two, so a p95 over a
 * handful of turns is the slowest of them rather than a time no turn took.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p <= 100) of {@code values}, or null when there are none. */
    public static Long of(long[] values, double p) {
        if (values.length == 0) {
            return null;
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
