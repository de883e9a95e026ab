package dev.parley.sessions.control;

import dev.parley.platform.ApiException;
import dev.parley.platform.JsonValues;
import dev.parley.sessions.entity.CreateSession;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The session behind a chat of the AI SDK's stock transport (decision D17): the chat id is the session's externalId,
 * created on first use for the agent named in the URL, exactly as a trigger.dev client's start-session would.
 */
@ApplicationScoped
public class ChatSessions {

    @Inject
    SessionStore store;

    @Inject
    RunClaims runs;

    /** The open session of {@code chatId}, created (with a waiting run) if there is none. */
    @Transactional
    public Session open(String environmentId, String chatId, String agentId) {
        return open(environmentId, chatId, agentId, List.of());
    }

    /** As {@link #open(String, String, String)}; a session it creates gets {@code tags}. */
    @Transactional
    public Session open(String environmentId, String chatId, String agentId, List<String> tags) {
        Session s = store.byExternalId(environmentId, chatId).orElse(null);
        if (s == null) {
            SessionStore.Created created = store.create(environmentId, request(chatId, agentId, tags));
            s = created.session();
            if (!created.cached()) {
                runs.ensureLive(s, RunReason.INITIAL);
                return s;
            }
        }
        if (!agentId.equals(s.taskIdentifier())) {
            throw ApiException.of(409, JsonValues.PROVIDER.createObjectBuilder()
                    .add("error", "Chat " + chatId + " belongs to agent " + s.taskIdentifier()).add("code", "agent_mismatch"));
        }
        return s;
    }

    /**
     * Creates the session of {@code chatId} with its first run (PENDING, dispatched once the caller's transaction
     * commits); empty when the chat has a session already.
     */
    @Transactional
    public Optional<Session> create(String environmentId, String chatId, String agentId) {
        SessionStore.Created created = store.create(environmentId, request(chatId, agentId, List.of()));
        if (created.cached()) {
            return Optional.empty();
        }
        runs.ensureLive(created.session(), RunReason.INITIAL);
        return Optional.of(created.session());
    }

    private static CreateSession request(String chatId, String agentId, List<String> tags) {
        return new CreateSession("chat.agent", chatId, agentId, JsonValues.PROVIDER.createObjectBuilder().add("basePayload",
                JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId)).build(), tags, null, null);
    }

    /** The session of {@code chatId} if it exists and was opened for {@code agentId}. */
    @Transactional
    public Session find(String environmentId, String chatId, String agentId) {
        Session s = store.byExternalId(environmentId, chatId).orElse(null);
        return s != null && agentId.equals(s.taskIdentifier()) ? s : null;
    }

    public static boolean usable(Session s) {
        return !s.closed() && !s.expired(Instant.now());
    }
}
