package dev.parley.sessions.control;

import dev.parley.sessions.entity.RunStatus;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * Cancel ends a run, where stop ends only its turn (docs/runs.md, "Cancel"); shared by the runs API and the console.
 * The session stays open: input the run had not answered goes to a new run, as after any run that ends, and
 * otherwise the next message starts one. A run that holds no thread (PENDING, SUSPENDED) is canceled by a
 * compare-and-set on its row; an executing one, on whichever node, hears a {@code run-cancel} control record on
 * {@code .in} that names it: its streaming turn stops (and completes as a stopped turn does, so no reader waits),
 * then the run ends CANCELED. Later runs consume that record without acting on it.
 */
@ApplicationScoped
@Transactional
public class RunCancel {

    /** The control record's subtype, and the header that names the run it cancels. */
    public static final String SUBTYPE = "run-cancel";
    public static final String RUN_HEADER = "run-id";
    /** The end reason of a canceled run. */
    public static final String REASON = "canceled";

    /** Whether {@code r} is the {@code run-cancel} record of the run {@code friendlyId}. */
    public static boolean cancels(StreamRecord r, String friendlyId) {
        return SUBTYPE.equals(r.controlSubtype()) && friendlyId.equals(r.controlHeader(RUN_HEADER));
    }

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    Appender appender;

    @Inject
    RunClaims claims;

    /** What a cancel did: ended the run, asked the executing run to end, or found it ended already. */
    public enum Outcome { CANCELED, REQUESTED, ALREADY_ENDED }

    /** The run with this friendly id in this environment, if any. */
    public Optional<SessionRun> find(String environmentId, String friendlyId) {
        return em.createQuery("select r from SessionRun r where r.friendlyId = :id and r.sessionId in "
                        + "(select s.id from Session s where s.environmentId = :env)", SessionRun.class)
                .setParameter("id", friendlyId).setParameter("env", environmentId)
                .getResultStream().findFirst();
    }

    public Outcome cancel(SessionRun run) {
        int idle = em.createNativeQuery("update session_run set status = 'CANCELED', end_reason = ?, ended_at = now(), "
                        + "suspend_deadline = null, updated_at = now() where id = ? and status in ('PENDING', 'SUSPENDED')")
                .setParameter(1, REASON).setParameter(2, run.id()).executeUpdate();
        if (idle == 1) {
            em.refresh(run);
            long cursor = ((Number) em.createNativeQuery(
                            "select coalesce(max(in_cursor), -1) from session_run where session_id = ?")
                    .setParameter(1, run.sessionId()).getSingleResult()).longValue();
            claims.continueIfPending(run.sessionId(), cursor); // what it was woken for, or started to answer
            return Outcome.CANCELED;
        }
        em.refresh(run);
        if (!run.status().live()) {
            return Outcome.ALREADY_ENDED;
        }
        appender.append(run.sessionId(), Io.IN, List.of(NewRecord.control(SUBTYPE, RUN_HEADER, run.friendlyId())));
        return Outcome.REQUESTED;
    }

}
