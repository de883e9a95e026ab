package dev.parley.console.control;

import dev.parley.console.entity.MetricsRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentilesTest {

    @Test
    void nearestRankPicksAMeasuredValueWhateverTheOrder() {
        long[] times = {900, 100, 500, 300, 700, 200, 800, 400, 1000, 600};
        assertEquals(500L, Percentiles.of(times, 50));
        assertEquals(1000L, Percentiles.of(times, 95));
        assertEquals(100L, Percentiles.of(times, 1));
        assertEquals(1000L, Percentiles.of(times, 100));
        assertEquals(900, times[0], "the caller's array is left as it was");
    }

    @Test
    void aFewTurnsHaveTheSlowestAsTheirP95AndOneTurnIsAllItsPercentiles() {
        assertEquals(40L, Percentiles.of(new long[]{10, 40, 20}, 95));
        assertEquals(20L, Percentiles.of(new long[]{10, 40, 20}, 50));
        assertEquals(7L, Percentiles.of(new long[]{7}, 50));
        assertEquals(7L, Percentiles.of(new long[]{7}, 95));
    }

    @Test
    void noTimesHaveNoPercentileAndOutOfRangePercentilesAreRefused() {
        assertNull(Percentiles.of(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[]{1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[]{1}, 101));
    }

    @Test
    void aMeanIsRoundedAndEmptyIsNull() {
        assertEquals(2L, TimeMetrics.mean(new long[]{1, 2, 2}));
        assertNull(TimeMetrics.mean(new long[0]));
    }

    @Test
    void rangesParseFromTheirWireNamesOnlyAndCoverTheirSpanInBuckets() {
        assertEquals(MetricsRange.WEEK, MetricsRange.fromWire("7d").orElseThrow());
        assertEquals(MetricsRange.HOUR, MetricsRange.fromWire("1h").orElseThrow());
        assertEquals(true, MetricsRange.fromWire("1H").isEmpty());
        assertEquals(true, MetricsRange.fromWire("HOUR").isEmpty());
        assertEquals(3_600_000L, MetricsRange.HOUR.spanMillis());
        assertEquals(6 * 3_600_000L, MetricsRange.SIX_HOURS.spanMillis());
        assertEquals(24 * 3_600_000L, MetricsRange.DAY.spanMillis());
        assertEquals(7 * 24 * 3_600_000L, MetricsRange.WEEK.spanMillis());
    }

    @Test
    void aTimeFallsInTheBucketThatHoldsItAndOutsideTheRangeInNone() {
        assertEquals(0, TimeMetrics.bucket(60_000, 60_000, 60, 60_000));
        assertEquals(0, TimeMetrics.bucket(60_000, 60_000, 60, 119_999));
        assertEquals(1, TimeMetrics.bucket(60_000, 60_000, 60, 120_000));
        assertEquals(59, TimeMetrics.bucket(60_000, 60_000, 60, 60 * 60_000 + 59_999));
        assertEquals(-1, TimeMetrics.bucket(60_000, 60_000, 60, 61 * 60_000));
        assertEquals(-1, TimeMetrics.bucket(60_000, 60_000, 60, 59_999));
    }
}
