package dev.parley.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Per-minute figures for the last hour, read from the durable records so every node shows the same numbers: turns
 * (turn-complete records on {@code .out}), time to first chunk (a user message on {@code .in} to the next data
 * record on {@code .out} within ten minutes), and runs that ended, failed or not. Only sessions with a run touched in the hour are read.
 */
@ApplicationScoped
@Transactional
public class HourMetrics {

    public static final int MINUTES = 60;

    private static final String RECENT = "with recent as (select distinct session_id from session_run "
            + "where updated_at > now() - interval '65 minutes') ";

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** Buckets of {@link #MINUTES} minutes ending at the minute of {@code nowMillis}, oldest first. */
    public record Series(long firstMinute, long[] turns, long[] ttfcSum, long[] ttfcCount, long[] runsEnded, long[] runsFailed) {
    }

    public Series lastHour(long nowMillis) {
        long last = nowMillis / 60_000;
        long first = last - MINUTES + 1;
        Series s = new Series(first, new long[MINUTES], new long[MINUTES], new long[MINUTES], new long[MINUTES], new long[MINUTES]);
        long from = first * 60_000;
        for (Object[] r : rows(RECENT + "select r.ts / 60000, count(*) from stream_record r join recent using (session_id) "
                + "where r.io = 'out' and r.ts >= ? and r.headers like '[[\"trigger-control\",\"turn-complete\"%' group by 1", from)) {
            add(s.turns(), first, r[0], ((Number) r[1]).longValue());
        }
        for (Object[] r : rows(RECENT + "select i.ts / 60000, (select min(o.ts) from stream_record o where o.session_id = i.session_id "
                + "and o.io = 'out' and o.ts >= i.ts and o.ts < i.ts + 600000 and o.headers is null) - i.ts from stream_record i join recent using (session_id) "
                + "where i.io = 'in' and i.ts >= ? and i.body like '%submit-message%'", from)) {
            if (r[1] != null) {
                add(s.ttfcSum(), first, r[0], ((Number) r[1]).longValue());
                add(s.ttfcCount(), first, r[0], 1);
            }
        }
        for (Object[] r : rows("select cast(extract(epoch from ended_at) as bigint) / 60, status in ('FAILED', 'CRASHED', 'TIMED_OUT'), "
                + "count(*) from session_run where ended_at >= to_timestamp(? / 1000.0) group by 1, 2", from)) {
            long n = ((Number) r[2]).longValue();
            add(s.runsEnded(), first, r[0], n);
            if (Boolean.TRUE.equals(r[1])) {
                add(s.runsFailed(), first, r[0], n);
            }
        }
        return s;
    }

    private List<Object[]> rows(String sql, long from) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, from).getResultList();
        return rows;
    }

    private static void add(long[] buckets, long first, Object minute, long n) {
        int i = (int) (((Number) minute).longValue() - first);
        if (i >= 0 && i < buckets.length) {
            buckets[i] += n;
        }
    }
}
