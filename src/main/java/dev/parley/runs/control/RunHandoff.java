package dev.parley.runs.control;

import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
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

    @Inject
    RecordReader reader;

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

    /**
     * After a run ended on its own (close trigger, endRun, maxTurns, timeout): a message appended while it was ending
     * saw it live and started nothing, so it gets a continuation now. Under the lock that appends which start runs
     * share ({@link RunClaims#lockForAppend}), so either this sees the record or the append sees the ended run.
     */
    @Transactional
    public void continueIfPending(String sessionId, long inCursor) {
        claims.lockForRunEnd(sessionId);
        Session s = em.find(Session.class, sessionId);
        if (s == null) {
            return;
        }
        em.refresh(s);
        if (s.closed()) {
            return;
        }
        if (s.currentRun() != null) {
            em.refresh(s.currentRun());
            if (s.currentRun().status().live()) {
                return;
            }
        }
        for (StreamRecord r : reader.range(sessionId, Io.IN, inCursor + 1, Long.MAX_VALUE, 100)) {
            InputRecord in = InputRecord.of(r);
            if ("message".equals(in.kind()) && !"close".equals(in.trigger())) {
                claims.ensureLive(s, RunReason.CONTINUATION);
                return;
            }
        }
    }
}
