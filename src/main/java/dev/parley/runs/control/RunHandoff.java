package dev.parley.runs.control;

import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Moves a session to a new run: an upgrade at a turn boundary, or a recovery after a crashed run. */
@ApplicationScoped
public class RunHandoff {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    RunClaims claims;

    /** end-and-continue from inside the run: the new run is claimed and dispatched once this commits. */
    @Transactional
    public void upgrade(String sessionId, String runId) {
        Session s = em.find(Session.class, sessionId);
        SessionRun calling = em.find(SessionRun.class, runId);
        if (s != null && calling != null && !s.closed()) {
            claims.swap(s, calling, RunReason.UPGRADE);
        }
    }

    /** After a crash: a recovery run, unless the session is closed or already has a live run. */
    @Transactional
    public void recover(String runId) {
        SessionRun crashed = em.find(SessionRun.class, runId);
        if (crashed == null) {
            return;
        }
        Session s = em.find(Session.class, crashed.sessionId());
        em.refresh(s);
        SessionRun current = s.currentRun();
        if (s.closed() || current == null || !current.id().equals(runId) || current.status() != RunStatus.CRASHED) {
            return;
        }
        claims.ensureLive(s, RunReason.RECOVERY);
    }

    /** After a run ended on its own (close trigger, endRun, maxTurns, timeout): see {@link RunClaims#continueIfPending}. */
    @Transactional
    public void continueIfPending(String sessionId, long inCursor) {
        claims.continueIfPending(sessionId, inCursor);
    }
}
