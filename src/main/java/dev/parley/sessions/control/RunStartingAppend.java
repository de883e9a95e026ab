package dev.parley.sessions.control;

import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
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

/**
 * An {@code .in} message that needs a run: the run claim and the record commit together, under the lock that an
 * ending run takes to look for unanswered messages, so a message is never left without a run to answer it.
 */
@ApplicationScoped
public class RunStartingAppend {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    RunClaims runs;

    @Inject
    Appender appender;

    /** Returns the written record, or null when {@code partId} was already claimed. */
    @Transactional
    public StreamRecord append(String sessionId, NewRecord record, String partId) {
        Session session = em.find(Session.class, sessionId);
        if (session == null) {
            throw new IllegalStateException("session " + sessionId + " vanished");
        }
        runs.lockForAppend(session);
        runs.ensureLive(session, RunReason.CONTINUATION);
        List<StreamRecord> written = appender.append(sessionId, Io.IN, List.of(record), partId);
        return written == null ? null : written.get(0);
    }
}
