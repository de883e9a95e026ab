package dev.parley.sessions.control;

import dev.parley.platform.Ids;
import dev.parley.sessions.entity.CreateSession;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Finds and creates sessions. Create is idempotent on (environment, externalId): concurrent creates race on an
 * {@code insert … on conflict do nothing}, and the loser reads the winner's row. Callers own the transaction.
 */
@ApplicationScoped
@Transactional // reads release their connection at once (see RecordReader)
public class SessionStore {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    public record Created(Session session, boolean cached) {
    }

    /** A {@code session_…} value is a friendly id; anything else is an externalId in the caller's environment. */
    public Optional<Session> resolve(String environmentId, String urlValue) {
        if (urlValue == null || urlValue.isEmpty() || urlValue.length() > 256) {
            return Optional.empty();
        }
        if (urlValue.startsWith("session_")) {
            return em.createQuery("select s from Session s where s.friendlyId = :id and s.environmentId = :env", Session.class)
                    .setParameter("id", urlValue).setParameter("env", environmentId).getResultStream().findFirst();
        }
        return byExternalId(environmentId, urlValue.trim());
    }

    /** As {@link #resolve(String, String)}, reading only what an append checks (one row, no joins). */
    public Optional<SessionRef> resolveRef(String environmentId, String urlValue) {
        if (urlValue == null || urlValue.isEmpty() || urlValue.length() > 256) {
            return Optional.empty();
        }
        boolean friendly = urlValue.startsWith("session_");
        return em.createQuery("select new dev.parley.sessions.entity.SessionRef(s.id, s.friendlyId, s.externalId, "
                        + "s.closedAt, s.closedReason, s.expiresAt) from Session s where s.environmentId = :env and "
                        + (friendly ? "s.friendlyId = :v" : "s.externalId = :v"), SessionRef.class)
                .setParameter("env", environmentId).setParameter("v", friendly ? urlValue : urlValue.trim())
                .getResultStream().findFirst();
    }

    public Optional<Session> byExternalId(String environmentId, String externalId) {
        return em.createQuery("select s from Session s where s.externalId = :ext and s.environmentId = :env", Session.class)
                .setParameter("ext", externalId).setParameter("env", environmentId).getResultStream().findFirst();
    }

    public Created create(String environmentId, CreateSession req) {
        if (req.externalId() != null) {
            Optional<Session> existing = byExternalId(environmentId, req.externalId());
            if (existing.isPresent()) {
                return new Created(existing.get(), true);
            }
        }
        Session fresh = new Session(Ids.next(), environmentId, req.externalId(), req.type(), req.taskIdentifier(),
                req.triggerConfig().toString(), req.tags(), req.metadata() == null ? null : req.metadata().toString(),
                req.expiresAt());
        int inserted = em.createNativeQuery("""
                        insert into session (id, friendly_id, environment_id, external_id, type, task_identifier,
                                             trigger_config, metadata, expires_at, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as timestamptz), ?, ?)
                        on conflict (environment_id, external_id) where external_id is not null do nothing""")
                .setParameter(1, fresh.id()).setParameter(2, fresh.friendlyId()).setParameter(3, environmentId)
                .setParameter(4, req.externalId()).setParameter(5, req.type()).setParameter(6, req.taskIdentifier())
                .setParameter(7, fresh.triggerConfig()).setParameter(8, fresh.metadata())
                .setParameter(9, req.expiresAt() == null ? null : java.sql.Timestamp.from(req.expiresAt()))
                .setParameter(10, java.sql.Timestamp.from(fresh.createdAt()))
                .setParameter(11, java.sql.Timestamp.from(fresh.updatedAt()))
                .executeUpdate();
        if (inserted == 0) {
            return new Created(byExternalId(environmentId, req.externalId()).orElseThrow(), true);
        }
        em.createNativeQuery("insert into stream_head (session_id, io) values (?, 'in'), (?, 'out')")
                .setParameter(1, fresh.id()).setParameter(2, fresh.id()).executeUpdate();
        Session session = em.find(Session.class, fresh.id());
        session.replaceTags(req.tags());
        return new Created(session, false);
    }

    /**
     * Re-reads the session under a row lock, so concurrent updates of one session queue and the last one wins
     * instead of failing on each other's rows. Pending changes to {@code s} are discarded: lock before changing.
     */
    public void lockForUpdate(Session s) {
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Replaces a session's tags, in order. The old rows go first (flushed) and the new ones are inserted after:
     * left to diff the two lists, EclipseLink moves rows between positions one by one and collides with the
     * {@code (session_id, position)} key on a reorder or a change of count.
     */
    public void replaceTags(Session s, List<String> tags) {
        if (!s.tags().equals(tags)) {
            s.replaceTags(List.of());
            em.flush();
        }
        s.replaceTags(tags);
    }

    public SessionPage page(SessionQuery q) {
        var query = em.createNativeQuery(q.sql(), Session.class);
        List<Object> params = q.parameters();
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Session> rows = query.getResultList();
        return SessionPage.of(q, rows);
    }

    public void refresh(Session s) {
        em.refresh(s);
    }
}
