package dev.parley.sessions.control;

import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Close (decision D3): first close wins; the live run is stopped, a {@code session-closed} control record is
 * written, and no run is started for this session again. Shared by the Sessions API and the console; callers own
 * the transaction.
 */
@ApplicationScoped
@Transactional
public class SessionCloser {

    @Inject
    Appender appender;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** True if this call closed the session, false if it was closed already. */
    public boolean close(Session s, String reason) {
        if (!s.close(reason)) {
            return false;
        }
        SessionRun run = s.currentRun();
        if (run != null) {
            // a run that is not executing ends now; an executing one hears the session-closed record below
            em.createNativeQuery("update session_run set status = 'CANCELED', end_reason = 'session closed', "
                            + "ended_at = now(), suspend_deadline = null, updated_at = now() "
                            + "where id = ? and status in ('PENDING', 'SUSPENDED')")
                    .setParameter(1, run.id()).executeUpdate();
        }
        appender.append(s.id(), Io.OUT, List.of(NewRecord.control("session-closed", "session-closed-reason", reason)));
        return true;
    }
}
