package dev.parley.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Live sessions per agent by the state of their current run, across every environment. */
@ApplicationScoped
@Transactional
public class RunCounts {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** agent id → run status → number of open sessions whose current run is in that status. */
    public Map<String, Map<String, Long>> byAgent() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select s.task_identifier, r.status, count(*) from session s
                        join session_run r on r.id = s.current_run_id
                        where s.closed_at is null and r.status in ('PENDING', 'BOOTING', 'STREAMING', 'WAITING', 'SUSPENDED')
                        group by s.task_identifier, r.status""").getResultList();
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], k -> new HashMap<>()).put((String) r[1], ((Number) r[2]).longValue());
        }
        return out;
    }
}
