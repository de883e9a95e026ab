package dev.parley.aisdk.control;

import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.sessions.control.ChatSessions;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.entity.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Optional;

/**
 * Who may do what with an AI SDK chat (decision D17): the chat id is the session's externalId, and the scopes are those
 * of the session routes ({@code write:sessions:<chatId>} to send and stop, {@code read:…} to resume; either id form of
 * the session works). A send creates a missing session through {@link ChatSessions}. Checks run outside any
 * transaction: a refusal is an answer, not a failed unit of work.
 */
@ApplicationScoped
public class ChatAccess {

    @Inject
    SessionStore store;

    @Inject
    ChatSessions chats;

    /** The chat's session, created if absent, open and of this agent. */
    public Session forSend(Caller caller, String agentId, String chatId) {
        Optional<Session> existing = store.resolve(caller.environmentId(), chatId);
        requireScope(caller, "write", chatId, existing);
        Session s = existing.isPresent() ? existing.get() : chats.open(caller.environmentId(), chatId, agentId);
        return usable(s, agentId, chatId);
    }

    /**
     * The chat's session if it exists (open and of this agent), or empty when the caller may create it: a send to a
     * new chat then starts it with its message ({@code RunStartingAppend.startChat}).
     */
    public Optional<Session> existingForSend(Caller caller, String agentId, String chatId) {
        Optional<Session> existing = store.resolve(caller.environmentId(), chatId);
        requireScope(caller, "write", chatId, existing);
        return existing.map(s -> usable(s, agentId, chatId));
    }

    /** The chat's existing session for a stop: open and of this agent, else 404 / 409. */
    public Session forStop(Caller caller, String agentId, String chatId) {
        Optional<Session> existing = store.resolve(caller.environmentId(), chatId);
        requireScope(caller, "write", chatId, existing);
        if (existing.isEmpty() || !agentId.equals(existing.get().taskIdentifier())) {
            throw ApiException.of(404, Json.createObjectBuilder().add("ok", false)
                    .add("error", "No chat \"" + chatId + "\" of agent \"" + agentId + "\""));
        }
        return usable(existing.get(), agentId, chatId);
    }

    /** The chat's session for a resume, or empty when there is none of this agent (nothing to resume). */
    public Optional<Session> forResume(Caller caller, String agentId, String chatId) {
        Optional<Session> existing = store.resolve(caller.environmentId(), chatId);
        requireScope(caller, "read", chatId, existing);
        return existing.filter(s -> agentId.equals(s.taskIdentifier()));
    }

    private static void requireScope(Caller caller, String action, String chatId, Optional<Session> session) {
        if (!caller.can(action, "sessions", chatId, session.map(Session::friendlyId).orElse(null))) {
            throw ApiException.forbiddenScope();
        }
    }

    private static Session usable(Session s, String agentId, String chatId) {
        if (!agentId.equals(s.taskIdentifier())) {
            throw ApiException.of(409, Json.createObjectBuilder().add("ok", false)
                    .add("error", "Chat \"" + chatId + "\" belongs to agent \"" + s.taskIdentifier() + "\"")
                    .add("code", "agent_mismatch"));
        }
        if (s.closed()) {
            throw ApiException.of(409, Json.createObjectBuilder().add("ok", false).add("error", "Cannot send to a closed chat")
                    .add("code", "session_closed")
                    .add("closedReason", s.closedReason() == null ? JsonValue.NULL : Json.createValue(s.closedReason())));
        }
        if (s.expired(Instant.now())) {
            throw ApiException.of(409, Json.createObjectBuilder().add("ok", false).add("error", "Cannot send to an expired chat")
                    .add("code", "session_expired").add("closedReason", JsonValue.NULL));
        }
        return s;
    }
}
