package dev.parley.console.control;

import dev.parley.platform.Bodies;
import dev.parley.sessions.entity.SessionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** A session's runs (the audit timeline) and its last conversation snapshot, read for the console. */
@ApplicationScoped
@Transactional
public class SessionHistory {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    public JsonArrayBuilder runs(String sessionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select r.friendly_id, r.reason, r.status, r.continuation, p.friendly_id, r.triggered_at,
                               r.started_at, r.ended_at, r.end_reason, r.turns, r.lease_owner, r.app_version
                        from session_run r left join session_run p on p.id = r.previous_run_id
                        where r.session_id = ? order by r.triggered_at, r.id""")
                .setParameter(1, sessionId).getResultList();
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (Object[] r : rows) {
            out.add(Json.createObjectBuilder()
                    .add("id", (String) r[0]).add("reason", ((String) r[1]).toLowerCase(java.util.Locale.ROOT)).add("status", (String) r[2])
                    .add("continuation", (Boolean) r[3]).add("previousRunId", text(r[4]))
                    .add("triggeredAt", date(r[5])).add("startedAt", date(r[6])).add("endedAt", date(r[7]))
                    .add("endReason", text(r[8])).add("turns", ((Number) r[9]).intValue()).add("node", text(r[10]))
                    .add("appVersion", text(r[11])));
        }
        return out;
    }

    /** {@code {messages, lastOutSeq, lastInSeq, savedAt}}, or null before the first turn completed. */
    public JsonValue snapshot(String sessionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select messages, last_out_seq, last_in_seq, saved_at from chat_snapshot where session_id = ?")
                .setParameter(1, sessionId).getResultList();
        if (rows.isEmpty()) {
            return JsonValue.NULL;
        }
        Object[] r = rows.get(0);
        JsonObjectBuilder b = Json.createObjectBuilder().add("messages", Bodies.parse((String) r[0]));
        b.add("lastOutSeq", r[1] == null ? JsonValue.NULL : Json.createValue(((Number) r[1]).longValue()));
        b.add("lastInSeq", r[2] == null ? JsonValue.NULL : Json.createValue(((Number) r[2]).longValue()));
        return b.add("savedAt", date(r[3])).build();
    }

    private static JsonValue text(Object v) {
        return v == null ? JsonValue.NULL : Json.createValue(v.toString());
    }

    private static JsonValue date(Object v) {
        Instant t = switch (v) {
            case null -> null;
            case Timestamp ts -> ts.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            default -> Instant.parse(v.toString());
        };
        return t == null ? JsonValue.NULL : Json.createValue(SessionView.iso(t));
    }
}
