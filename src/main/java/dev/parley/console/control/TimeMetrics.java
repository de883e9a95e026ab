package dev.parley.console.control;

import dev.parley.console.entity.MetricsRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bucketed figures for a time range, read from the durable records so every node shows the same numbers: turns
 * ({@code turn-complete} records on {@code .out}), time to first chunk (a user message on {@code .in} to the first
 * data record on {@code .out} after it, before the next user message and within ten minutes), and runs that ended,
 * failed or not. Only sessions with a run touched in the range are read. A later turn's trim deletes a session's
 * older {@code .out} records once swept, so turns and times to first chunk count what {@code .out} still holds; the
 * bound at the next user message keeps a trimmed turn from borrowing a later turn's first chunk.
 */
@ApplicationScoped
@Transactional
public class TimeMetrics {

    private static final String RECENT = "with recent as (select distinct session_id from session_run "
            + "where updated_at > to_timestamp(? / 1000.0) - interval '5 minutes') ";

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** {@code buckets} buckets from {@code firstBucket} (epoch millis), oldest first; one list of times per bucket. */
    public record Series(MetricsRange range, long firstBucket, long[] turns, List<long[]> ttfc, long[] runsEnded,
                         long[] runsFailed) {
    }

    public Series of(MetricsRange range, long nowMillis) {
        long size = range.bucketMillis();
        int n = range.buckets();
        long first = (nowMillis / size - n + 1) * size;
        long[] turns = new long[n];
        long[] ended = new long[n];
        long[] failed = new long[n];
        List<List<Long>> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add(new ArrayList<>());
        }
        for (Object[] r : rows(RECENT + "select (r.ts - ?) / ?, count(*) from stream_record r join recent using (session_id) "
                + "where r.io = 'out' and r.ts >= ? and r.headers like '[[\"trigger-control\",\"turn-complete\"%' group by 1",
                first, first, size, first)) {
            add(turns, ((Number) r[0]).longValue(), ((Number) r[1]).longValue());
        }
        for (Object[] r : rows(RECENT + "select i.ts, (select min(o.ts) from stream_record o where o.session_id = i.session_id "
                + "and o.io = 'out' and o.ts >= i.ts and o.ts < i.ts + 600000 and o.headers is null "
                + "and o.ts < coalesce((select min(x.ts) from stream_record x where x.session_id = i.session_id and x.io = 'in' "
                + "and x.seq > i.seq and x.body like '%submit-message%'), i.ts + 600000)) - i.ts "
                + "from stream_record i join recent using (session_id) "
                + "where i.io = 'in' and i.ts >= ? and i.body like '%submit-message%'", first, first)) {
            int i = bucket(first, size, n, ((Number) r[0]).longValue());
            if (i >= 0 && r[1] != null) {
                times.get(i).add(((Number) r[1]).longValue());
            }
        }
        for (Object[] r : rows("select (cast(extract(epoch from ended_at) * 1000 as bigint) - ?) / ?, "
                + "status in ('FAILED', 'CRASHED', 'TIMED_OUT'), count(*) from session_run "
                + "where ended_at >= to_timestamp(? / 1000.0) group by 1, 2", first, size, first)) {
            long i = ((Number) r[0]).longValue();
            long count = ((Number) r[2]).longValue();
            add(ended, i, count);
            if (Boolean.TRUE.equals(r[1])) {
                add(failed, i, count);
            }
        }
        List<long[]> ttfc = times.stream().map(l -> l.stream().mapToLong(Long::longValue).toArray()).toList();
        return new Series(range, first, turns, ttfc, ended, failed);
    }

    /** The mean of a bucket's times, or null. */
    public static Long mean(long[] times) {
        return times.length == 0 ? null : Math.round(Arrays.stream(times).average().orElseThrow());
    }

    static int bucket(long first, long size, int n, long millis) {
        if (millis < first) {
            return -1;
        }
        long i = (millis - first) / size;
        return i < n ? (int) i : -1;
    }

    private static void add(long[] buckets, long i, long n) {
        if (i >= 0 && i < buckets.length) {
            buckets[(int) i] += n;
        }
    }

    private List<Object[]> rows(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows;
    }
}
