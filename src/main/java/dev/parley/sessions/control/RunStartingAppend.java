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
import java.util.Optional;
import java.util.function.Consumer;

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

    @Inject
    ChatSessions chats;

    /**
     * A chat's first message when the chat has no session yet: the session, its run and the message commit together,
     * so the run, dispatched after the commit, finds its message on its first read, and the caller knows the chat's
     * channels without reading them. {@code inTransaction} gets the new session's id before the commit. Empty when
     * another request created the chat first: append to it as to any chat.
     */
    @Transactional
    public Optional<Started> startChat(String environmentId, String chatId, String agentId, NewRecord record,
                                       Consumer<String> inTransaction) {
        Optional<Session> created = chats.create(environmentId, chatId, agentId);
        if (created.isEmpty()) {
            return Optional.empty();
        }
        inTransaction.accept(created.get().id());
        return Optional.of(new Started(created.get(), appender.append(created.get().id(), Io.IN, List.of(record), null).get(0)));
    }

    /** A new chat's session and its first message. */
    public record Started(Session session, StreamRecord message) {
    }

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
