package dev.parley.telemetry.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Live runs of every node by state, for the {@code parley.runs} gauge. */
@ApplicationScoped
public class RunStates {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /**
     * One branch per partial index of {@code session_run} (pending, leased, suspended), so the count reads those
     * indexes instead of the whole table of past runs.
     */
    @Transactional
    public Map<String, Long> live() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select status, count(*) from session_run where status = 'PENDING' group by status
                union all
                select status, count(*) from session_run where status in ('BOOTING', 'STREAMING', 'WAITING') group by status
                union all
                select status, count(*) from session_run where status = 'SUSPENDED' group by status""").getResultList();
        Map<String, Long> out = new HashMap<>();
        for (Object[] r : rows) {
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }
}
