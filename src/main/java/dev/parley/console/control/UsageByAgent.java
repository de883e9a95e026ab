package dev.parley.console.control;

import dev.parley.agent.model.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tokens each agent's sessions spent, in every environment, open and closed alike. */
@ApplicationScoped
public class UsageByAgent {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Transactional
    public Map<String, Usage> totals() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select task_identifier, sum((total_usage->>'inputTokens')::bigint), sum((total_usage->>'outputTokens')::bigint),
                       sum((total_usage->>'cacheReadTokens')::bigint), sum((total_usage->>'cacheWriteTokens')::bigint),
                       sum((total_usage->>'reasoningTokens')::bigint)
                from session where total_usage is not null group by task_identifier""").getResultList();
        Map<String, Usage> out = new HashMap<>();
        for (Object[] r : rows) {
            out.put((String) r[0], new Usage(n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5])));
        }
        return out;
    }

    private static long n(Object sum) {
        return sum == null ? 0 : ((Number) sum).longValue();
    }
}
