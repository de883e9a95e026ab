package dev.parley.mcp.control;

import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.platform.JsonValues;
import dev.parley.runs.control.Snapshots;
import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.control.RunStartingAppend;
import dev.parley.sessions.control.SessionAccess;
import dev.parley.sessions.control.SessionCloser;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.entity.CreateSession;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.TurnTail;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What the MCP tools do, on the same sessions, runs and streams as the browser: a chat is a session of
 * {@code type: chat.agent} whose externalId is the chat id; starting one preloads its first run
 * ({@code trigger: "preload"}); a message is an {@code .in} record and its answer the turn on {@code .out} that
 * answers it. Scope checks are those of the REST routes the same action has there.
 */
@ApplicationScoped
public class McpChats {

    @Inject
    AgentRegistry agents;

    @Inject
    SessionStore store;

    @Inject
    SessionAccess access;

    @Inject
    RunClaims runs;

    @Inject
    RunStartingAppend runStartingAppend;

    @Inject
    SessionCloser closer;

    @Inject
    RecordReader reader;

    @Inject
    TurnTail turnTail;

    @Inject
    Snapshots snapshots;

    public record Started(String chatId, String sessionId, String agentId, String runId, boolean existing) {
    }

    /** The agents this caller may start chats with. */
    public List<AgentDescriptor> agents(Caller caller) {
        return agents.all().stream().filter(a -> mayStart(caller, a.id())).toList();
    }

    /** As {@code POST /api/v1/sessions} with {@code trigger: "preload"}: the chat's session with a live run. */
    @Transactional
    public Started start(Caller caller, String agentId, String chatId, JsonObject clientData) {
        if (agents.find(agentId).isEmpty()) {
            throw ApiException.of(404, "No agent with id \"" + agentId + "\" is deployed on this server");
        }
        if (!mayStart(caller, agentId)) {
            throw ApiException.forbiddenScope();
        }
        String id = chatId == null ? "mcp-" + Ids.random(16) : chatId;
        var basePayload = JsonValues.PROVIDER.createObjectBuilder().add("chatId", id).add("trigger", "preload")
                .add("messages", JsonValue.EMPTY_JSON_ARRAY);
        if (clientData != null) {
            basePayload.add("metadata", clientData);
        }
        CreateSession create = CreateSession.from(JsonValues.PROVIDER.createObjectBuilder().add("type", "chat.agent")
                .add("externalId", id).add("taskIdentifier", agentId).add("tags", JsonValues.PROVIDER.createArrayBuilder().add("mcp"))
                .add("triggerConfig", JsonValues.PROVIDER.createObjectBuilder().add("basePayload", basePayload)).build());
        SessionStore.Created created = store.create(caller.environmentId(), create);
        Session s = usable(created.session(), id);
        if (!agentId.equals(s.taskIdentifier())) {
            throw ApiException.of(409, "Chat \"" + id + "\" belongs to agent \"" + s.taskIdentifier() + "\"");
        }
        SessionRun run = runs.ensureLive(s, created.cached() ? RunReason.CONTINUATION : RunReason.INITIAL);
        return new Started(id, s.friendlyId(), agentId, run.friendlyId(), created.cached());
    }

    /** Appends the user's message to {@code .in} and follows {@code .out} until the turn that answers it ends. */
    public TurnAnswer send(Caller caller, String chatId, String text, JsonObject clientData, long maxMillis)
            throws IOException, InterruptedException {
        Session s = usable(chat(caller, "write", chatId), chatId);
        var payload = JsonValues.PROVIDER.createObjectBuilder().add("chatId", s.externalId() == null ? chatId : s.externalId())
                .add("trigger", "submit-message")
                .add("message", JsonValues.PROVIDER.createObjectBuilder().add("id", "msg_" + Ids.random(20)).add("role", "user")
                        .add("parts", JsonValues.PROVIDER.createArrayBuilder().add(JsonValues.PROVIDER.createObjectBuilder()
                                .add("type", "text").add("text", text))));
        if (clientData != null) {
            payload.add("metadata", clientData);
        }
        String record = JsonValues.PROVIDER.createObjectBuilder().add("kind", "message").add("payload", payload).build().toString();
        long cursor = reader.nextSeq(s.id(), Io.OUT) - 1;
        long inSeq = runStartingAppend.append(s.id(), NewRecord.text(record, Ids.recordId()), null).seq();
        TurnAnswer answer = new TurnAnswer();
        answer.end(turnTail.follow(s.id(), cursor, inSeq, answer, maxMillis));
        // the run that answered: the chat's current run once the turn is over (the same one while it stays live)
        answer.runId(store.resolve(caller.environmentId(), s.friendlyId()).map(Session::currentRun)
                .map(SessionRun::friendlyId).orElse(null));
        return answer;
    }

    /** The conversation as of the last completed turn (the stored snapshot: what a reloaded page shows). */
    public JsonArray history(Caller caller, String chatId) {
        Session s = chat(caller, "read", chatId);
        return snapshots.load(s.id()).map(snap -> Bodies.parse(snap.messages()))
                .filter(v -> v.getValueType() == JsonValue.ValueType.ARRAY).map(JsonValue::asJsonArray)
                .orElse(JsonValue.EMPTY_JSON_ARRAY);
    }

    /** As {@code POST /api/v1/sessions/{chat}/close}: admin on the chat (in practice the secret key); first close wins. */
    @Transactional
    public boolean close(Caller caller, String chatId, String reason) {
        Session s = access.forAdmin(caller, chatId, "No chat \"" + chatId + "\" in this environment");
        return closer.close(s, reason);
    }

    /** The chat's session if this caller may {@code action} it; the REST routes' checks, with a message for MCP users. */
    private Session chat(Caller caller, String action, String chatId) {
        try {
            return "read".equals(action) ? access.forRead(caller, chatId) : access.forAction(caller, action, chatId);
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw ApiException.of(404, "Chat \"" + chatId + "\" not found in this environment; start one with start_agent_chat");
            }
            throw e;
        }
    }

    private static boolean mayStart(Caller caller, String agentId) {
        return caller.canCollection("write", "sessions") || caller.can("write", "tasks", agentId);
    }

    private static Session usable(Session s, String chatId) {
        if (s.closed()) {
            throw ApiException.of(409, "Chat \"" + chatId + "\" is closed; start a new chat with a different chat id");
        }
        if (s.expired(Instant.now())) {
            throw ApiException.of(409, "Chat \"" + chatId + "\" has expired; start a new chat with a different chat id");
        }
        return s;
    }
}
