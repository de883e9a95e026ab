package dev.parley.sessions.control;

import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.sessions.entity.RunWanted;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.streams.control.InputChunks;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Guards "exactly one live run per session" (wire rule W20). A new run row is inserted first and then
 * claimed with a compare-and-swap on {@code current_run_version}; a loser deletes its own row and adopts the
 * winner's run. The claimed run is PENDING: the run engine dispatches PENDING runs.
 */
@ApplicationScoped
@Transactional
public class RunClaims {

    private static final int ATTEMPTS = 3;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    Event<RunWanted> wanted;

    @Inject
    RecordReader reader;

    /**
     * Before an append that may start a run: a shared per-session advisory lock (appends do not wait for each
     * other), then the session's run re-read. A run that ends on its own takes the same lock exclusively before it
     * looks for messages nobody will answer ({@link #lockForRunEnd}), so an append and an ending run cannot both
     * conclude that the other will handle the message.
     */
    public void lockForAppend(Session session) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(hashtext(?1))) l")
                .setParameter(1, "parley-run-end:" + session.id()).getSingleResult();
        if (session.currentRun() != null) {
            em.refresh(session.currentRun());
        }
    }

    /** The exclusive side of {@link #lockForAppend}: waits for appends in flight to commit, holds new ones off. */
    public void lockForRunEnd(String sessionId) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(?1))) l")
                .setParameter(1, "parley-run-end:" + sessionId).getSingleResult();
    }

    /**
     * After a run ended (on its own, or canceled): a message appended while it was ending saw it live and started
     * nothing, so it gets a continuation now. Under the lock that appends which start runs share
     * ({@link #lockForAppend}), so either this sees the record or the append sees the ended run.
     */
    public void continueIfPending(String sessionId, long inCursor) {
        lockForRunEnd(sessionId);
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
            if (startsRun(r)) {
                ensureLive(s, RunReason.CONTINUATION);
                return;
            }
        }
    }

    /** A stored {@code .in} record whose append would start a run (a message that asks for work). */
    private static boolean startsRun(StreamRecord r) {
        if (r.body() == null || r.command() || r.controlSubtype() != null) {
            return false;
        }
        try {
            return Bodies.parse(r.body()) instanceof JsonObject o && o.get("data") instanceof JsonString raw
                    && InputChunks.startsRun(raw.getString());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The session's live run, starting one (reason as given, or continuation after a finished run) if none. */
    public SessionRun ensureLive(Session session, RunReason reasonIfFresh) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SessionRun current = session.currentRun();
            if (current != null && current.status().live()) {
                wanted.fire(new RunWanted(current.id(), current.status()));
                return current;
            }
            RunReason reason = current == null ? reasonIfFresh
                    : current.status() == RunStatus.CRASHED ? RunReason.RECOVERY : RunReason.CONTINUATION;
            SessionRun candidate = newRun(session, reason, current);
            if (claim(session, session.currentRunVersion(), null, candidate)) {
                wanted.fire(new RunWanted(candidate.id(), candidate.status()));
                return candidate;
            }
            em.remove(candidate);
            em.flush();
            em.refresh(session);
        }
        throw new IllegalStateException("could not claim a run for " + session.friendlyId() + " after " + ATTEMPTS + " attempts");
    }

    /** end-and-continue: always a new run; swapped only if the pointer still names the calling run. */
    public SwapResult swap(Session session, SessionRun calling, RunReason reason) {
        SessionRun candidate = newRun(session, reason, calling);
        SessionRun current = session.currentRun();
        if (current != null && current.id().equals(calling.id())
                && claim(session, session.currentRunVersion(), calling.id(), candidate)) {
            wanted.fire(new RunWanted(candidate.id(), candidate.status()));
            return new SwapResult(candidate, true);
        }
        em.remove(candidate);
        em.flush();
        em.refresh(session);
        SessionRun winner = session.currentRun();
        return new SwapResult(winner != null ? winner : calling, false);
    }

    public record SwapResult(SessionRun run, boolean swapped) {
    }

    private SessionRun newRun(Session session, RunReason reason, SessionRun previous) {
        SessionRun run = new SessionRun(Ids.next(), session.id(), reason, previous, payload(session, previous));
        em.persist(run);
        em.flush();
        return run;
    }

    private boolean claim(Session session, int version, String expectedRunId, SessionRun run) {
        String sql = "update session set current_run_id = ?, current_run_version = current_run_version + 1, "
                + "updated_at = greatest(updated_at, clock_timestamp()) "
                + "where id = ? and current_run_version = ?" + (expectedRunId == null ? "" : " and current_run_id = ?");
        var update = em.createNativeQuery(sql).setParameter(1, run.id()).setParameter(2, session.id()).setParameter(3, version);
        if (expectedRunId != null) {
            update.setParameter(4, expectedRunId);
        }
        boolean won = update.executeUpdate() == 1;
        if (won) {
            em.refresh(session);
        }
        return won;
    }

    /**
     * The run payload (wire rule W20): the trigger config's basePayload plus sessionId; continuations drop message,
     * messages and trigger so a preload or first message is never replayed, and name the previous run.
     */
    static String payload(Session session, SessionRun previous) {
        JsonObject config = Bodies.parse(session.triggerConfig()).asJsonObject();
        JsonObjectBuilder p = Json.createObjectBuilder(config.getJsonObject("basePayload"));
        for (String limit : new String[]{"idleTimeoutInSeconds", "maxDuration", "maxAttempts"}) {
            JsonValue v = config.get(limit);
            if (v != null) {
                p.add(limit, v);
            }
        }
        p.add("sessionId", session.friendlyId());
        if (previous != null) {
            p.remove("message").remove("messages").remove("trigger");
            p.add("continuation", true).add("previousRunId", previous.friendlyId());
        }
        return p.build().toString();
    }
}
