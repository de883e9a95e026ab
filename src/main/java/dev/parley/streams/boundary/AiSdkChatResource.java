package dev.parley.streams.boundary;

import dev.parley.agents.control.AgentRegistry;
import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.platform.JsonValues;
import dev.parley.sessions.control.ChatSessions;
import dev.parley.sessions.control.RunStartingAppend;
import dev.parley.sessions.entity.Session;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.TurnTail;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The AI SDK's stock {@code DefaultChatTransport} against the same sessions (decision D17): {@code POST} takes the
 * transport's body (the whole conversation; only its newest message is new to the session) and answers the turn as a
 * UI message stream; {@code GET …/stream} resumes the turn in flight (204 when none is). Aborting a request does not
 * stop the agent, so a reloaded page can resume; {@code POST …/stop} stops the turn in flight.
 */
@Path("api/chat/{agentId}")
@RequestScoped
public class AiSdkChatResource {

    /** The transport sends the whole conversation on every request. */
    static final int BODY_CAP = 4 * 1024 * 1024;
    private static final long TURN_LIMIT_MILLIS = TimeUnit.MINUTES.toMillis(15);

    @Inject
    AgentRegistry agents;

    @Inject
    ChatSessions chats;

    @Inject
    RunStartingAppend runStartingAppend;

    @Inject
    GroupCommit groupCommit;

    @Inject
    RecordReader reader;

    @Inject
    TurnTail tail;

    @Context
    HttpServletRequest request;

    @PathParam("agentId")
    String agentId;

    @POST
    public Response send(InputStream body, @HeaderParam("Content-Type") String contentType) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        Bodies.requireJsonContentType(contentType);
        JsonObject json = Bodies.readObject(body, BODY_CAP);
        String chatId = chatId(json.get("id"), "id");
        if (!caller.can("write", "sessions", chatId)) {
            throw ApiException.forbiddenScope();
        }
        String trigger = json.get("trigger") instanceof JsonString t ? t.getString() : "submit-message";
        NewRecord input = NewRecord.text(inputChunk(json, chatId, trigger), Ids.random(7));
        if (input.meteredBytes() > NewRecord.MAX_METERED_BYTES) {
            throw ApiException.of(413, "The newest message exceeds the per-record limit of " + NewRecord.MAX_METERED_BYTES + " bytes");
        }
        Session session = chats.open(caller.environmentId(), chatId, agentId);
        requireOpen(session);
        long cursor = reader.nextSeq(session.id(), Io.OUT) - 1;
        StreamRecord lastTurn = reader.lastControl(session.id(), Io.OUT, "turn-complete", cursor);
        long answered = lastTurn == null ? -1 : TurnTail.answeredInSeq(lastTurn);
        long inSeq = runStartingAppend.append(session.id(), input, null).seq();
        long skipTo = lastPendingMessage(session.id(), answered + 1, inSeq - 1);
        return stream(session.id(), cursor, skipTo, inSeq);
    }

    @GET
    @Path("{chatId}/stream")
    public Response resume(@PathParam("chatId") String chatIdParam) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        String chatId = chatId(JsonValues.PROVIDER.createValue(chatIdParam), "chatId");
        if (!caller.can("read", "sessions", chatId)) {
            throw ApiException.forbiddenScope();
        }
        Session session = chats.find(caller.environmentId(), chatId, agentId);
        if (session == null || session.closed()) {
            return Response.noContent().build();
        }
        StreamRecord lastTurn = reader.lastControl(session.id(), Io.OUT, "turn-complete", Long.MAX_VALUE);
        long answered = lastTurn == null ? -1 : TurnTail.answeredInSeq(lastTurn);
        long current = firstPendingMessage(session.id(), answered + 1);
        if (current < 0) {
            return Response.noContent().build();
        }
        return stream(session.id(), lastTurn == null ? -1 : lastTurn.seq(), -1, current);
    }

    @POST
    @Path("{chatId}/stop")
    public Response stop(@PathParam("chatId") String chatIdParam) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        String chatId = chatId(JsonValues.PROVIDER.createValue(chatIdParam), "chatId");
        if (!caller.can("write", "sessions", chatId)) {
            throw ApiException.forbiddenScope();
        }
        Session session = chats.find(caller.environmentId(), chatId, agentId);
        if (session == null) {
            throw ApiException.notFound();
        }
        requireOpen(session);
        long seq = groupCommit.append(session.id(), Io.IN, NewRecord.text("{\"kind\":\"stop\"}", Ids.random(7)), null).seq();
        return Response.ok("{\"ok\":true,\"seq\":" + seq + "}").type("application/json").build();
    }

    private Response stream(String sessionId, long cursor, long skipTo, long answers) {
        StreamingOutput out = os -> {
            try {
                write(os, ": parley\n\n"); // the status line and headers go out now, not with the first chunk
                TurnTail.End end = tail.follow(sessionId, cursor, skipTo, answers, new TurnTail.Sink() {
                    @Override
                    public void chunk(String chunkJson) throws IOException {
                        write(os, "data: " + chunkJson + "\n\n");
                    }

                    @Override
                    public void keepAlive() throws IOException {
                        write(os, ": keep-alive\n\n");
                    }
                }, TURN_LIMIT_MILLIS);
                write(os, "data: [DONE]\n\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | UncheckedIOException clientGone) {
                // the reader left (a reload, a closed tab, an aborted fetch): the turn goes on and can be resumed
            }
        };
        return Response.ok(out).type("text/event-stream")
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .header("x-vercel-ai-ui-message-stream", "v1")
                .build();
    }

    private static void write(OutputStream os, String text) throws IOException {
        os.write(text.getBytes(StandardCharsets.UTF_8));
        os.flush();
    }

    /** The {@code .in} chunk a trigger.dev client would have sent for this request (spec §4.3). */
    private static String inputChunk(JsonObject json, String chatId, String trigger) {
        JsonObjectBuilder payload = JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId).add("trigger", trigger);
        switch (trigger) {
            case "submit-message" -> {
                if (!(json.get("messages") instanceof JsonArray messages) || messages.isEmpty()
                        || !(messages.get(messages.size() - 1) instanceof JsonObject last)) {
                    throw ApiException.badRequest("messages must be a non-empty array of UI messages");
                }
                if (!(last.get("role") instanceof JsonString role) || !(role.getString().equals("user") || role.getString().equals("assistant"))) {
                    throw ApiException.badRequest("the newest message must have role \"user\" or \"assistant\"");
                }
                payload.add("message", last);
            }
            case "regenerate-message" -> {
                if (json.get("messageId") instanceof JsonString id) {
                    payload.add("messageId", id);
                }
            }
            default -> throw ApiException.badRequest("trigger must be \"submit-message\" or \"regenerate-message\"");
        }
        if (json.get("metadata") instanceof JsonObject metadata) {
            payload.add("metadata", metadata);
        }
        return JsonValues.PROVIDER.createObjectBuilder().add("kind", "message").add("payload", payload).build().toString();
    }

    private void requireAgent() {
        if (agents.find(agentId).isEmpty()) {
            throw ApiException.of(404, "No agent with id " + agentId);
        }
    }

    private static void requireOpen(Session session) {
        if (session.closed()) {
            throw ApiException.of(409, JsonValues.PROVIDER.createObjectBuilder().add("ok", false)
                    .add("error", "Cannot send to a closed chat").add("code", "session_closed")
                    .add("closedReason", session.closedReason() == null ? JsonValue.NULL
                            : JsonValues.PROVIDER.createValue(session.closedReason())));
        }
        if (!ChatSessions.usable(session)) {
            throw ApiException.of(409, JsonValues.PROVIDER.createObjectBuilder().add("ok", false)
                    .add("error", "Cannot send to an expired chat").add("code", "session_expired").add("closedReason", JsonValue.NULL));
        }
    }

    /** A chat id is a session externalId: 1–256 visible characters, not a {@code session_…} id, not a path step. */
    private static String chatId(JsonValue v, String field) {
        if (!(v instanceof JsonString s)) {
            throw ApiException.badRequest(field + " must be a string");
        }
        String id = s.getString();
        if (id.isEmpty() || id.length() > 256 || id.startsWith("session_") || id.equals(".") || id.equals("..")
                || !id.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
            throw ApiException.badRequest(field + " must be 1 to 256 visible characters and not start with \"session_\"");
        }
        return id;
    }

    /** The highest {@code .in} seq in [from, to] of a record that makes a turn, or -1. */
    private long lastPendingMessage(String sessionId, long from, long to) {
        long last = -1;
        for (long f = from; f <= to; ) {
            var page = reader.range(sessionId, Io.IN, f, to, 500);
            if (page.isEmpty()) {
                break;
            }
            for (StreamRecord r : page) {
                if (makesTurn(r)) {
                    last = r.seq();
                }
            }
            f = page.get(page.size() - 1).seq() + 1;
        }
        return last;
    }

    /** The lowest {@code .in} seq from {@code from} on of a record that makes a turn, or -1. */
    private long firstPendingMessage(String sessionId, long from) {
        for (long f = from; ; ) {
            var page = reader.range(sessionId, Io.IN, f, Long.MAX_VALUE, 500);
            if (page.isEmpty()) {
                return -1;
            }
            for (StreamRecord r : page) {
                if (makesTurn(r)) {
                    return r.seq();
                }
            }
            f = page.get(page.size() - 1).seq() + 1;
        }
    }

    private static boolean makesTurn(StreamRecord r) {
        return r.body() != null && Bodies.parse(r.body()) instanceof JsonObject o && o.get("data") instanceof JsonString raw
                && InputChunks.startsRun(raw.getString());
    }
}
