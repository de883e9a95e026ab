package dev.parley.aisdk.boundary;

import dev.parley.agents.control.AgentRegistry;
import dev.parley.aisdk.control.ChatAccess;
import dev.parley.aisdk.control.ChatStops;
import dev.parley.aisdk.control.TurnCut;
import dev.parley.aisdk.control.UiMessageStream;
import dev.parley.aisdk.entity.ChatRequest;
import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.limits.boundary.Limited;
import dev.parley.limits.boundary.OpenStreams;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Cors;
import dev.parley.platform.Ids;
import dev.parley.sessions.control.RunStartingAppend;
import dev.parley.sessions.entity.Session;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.SessionQuota;
import dev.parley.streams.control.Subscriptions;
import dev.parley.streams.control.Turns;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import dev.parley.telemetry.control.TurnTracing;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.InputStream;

/**
 * The AI SDK's stock {@code DefaultChatTransport} endpoints (decision D17), over the same sessions as the trigger.dev
 * protocol: a send appends the new message to {@code .in} as the trigger.dev transport would and answers the UI
 * message stream of the turn that answers it; a resume replays the turn in flight. A client that leaves does not stop
 * its turn (a reloaded page resumes it) unless it sent {@code x-parley-on-disconnect: stop}: then leaving is the AI
 * SDK's stop (it aborts the request). {@code POST …/stop} stops the turn in flight explicitly.
 */
@Path("api/chat/{agent}")
@RequestScoped
public class AiSdkChatResource {

    /** Silence on a UI message stream (no record at all) after which it ends: far beyond any turn's own limit. */
    static final int SILENCE_SECONDS = 600;

    @Inject
    TurnTracing tracing;

    @Inject
    OpenStreams openStreams;

    @Inject
    SessionQuota quota;

    @Inject
    AgentRegistry agents;

    @Inject
    ChatAccess access;

    @Inject
    ChatStops stops;

    @Inject
    RunStartingAppend runStartingAppend;

    @Inject
    RecordReader reader;

    @Inject
    Turns turns;

    @Inject
    Subscriptions subscriptions;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @PathParam("agent")
    String agentId;

    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Limited(Limited.Kind.APPEND)
    public void send(InputStream body, @HeaderParam("Content-Type") String contentType,
                     @HeaderParam("x-parley-on-disconnect") String onDisconnect,
                     @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        boolean stopOnDisconnect = stopOnDisconnect(onDisconnect);
        Bodies.requireJsonContentType(contentType);
        ChatRequest req = ChatRequest.from(Bodies.readObject(body, Bodies.CHAT_CAP));
        NewRecord record = NewRecord.text(req.inputChunk(), Ids.recordId());
        if (record.meteredBytes() > NewRecord.MAX_METERED_BYTES) {
            throw ApiException.notOk(413, "The new message is " + record.meteredBytes()
                    + " bytes; a message may have at most " + NewRecord.MAX_METERED_BYTES + " bytes");
        }
        Session session = access.existingForSend(caller, agentId, req.chatId()).orElse(null);
        openStreams.admit(request, sink);
        if (session == null) {
            // a new chat: its session, run and message in one transaction, and nothing to read before the answer
            RunStartingAppend.Started started = runStartingAppend.startChat(caller.environmentId(), req.chatId(),
                    agentId, record, tracing::requestAppended).orElse(null);
            if (started != null) {
                stream(started.session().id(), null, new TurnCut(started.message().seq(), Turns.answeredInSeq(null),
                        Long.MIN_VALUE), stopOnDisconnect, sink, sse);
                return;
            }
            session = access.forSend(caller, agentId, req.chatId()); // another request created the chat meanwhile
        }
        quota.check(session.id());
        String sessionId = session.id();
        long outNext = reader.nextSeq(sessionId, Io.OUT);
        tracing.requestAppended(sessionId);
        StreamRecord written = runStartingAppend.append(sessionId, record, null);
        // read from the last turn boundary that cannot be ours (it was written before our message existed)
        StreamRecord boundary = reader.lastControl(sessionId, Io.OUT, "turn-complete", outNext - 1);
        long answered = Turns.answeredInSeq(boundary);
        long earlier = turns.lastWorkIn(sessionId, answered + 1, written.seq() - 1);
        stream(sessionId, boundary, new TurnCut(written.seq(), answered, earlier < 0 ? Long.MIN_VALUE : earlier),
                stopOnDisconnect, sink, sse);
    }

    /** The UI message stream of the turn that answers the message, read from {@code boundary} (null: the start). */
    private void stream(String sessionId, StreamRecord boundary, TurnCut cut, boolean stopOnDisconnect,
                        SseEventSink sink, Sse sse) {
        Runnable abandoned = stopOnDisconnect ? () -> stops.stopAbandoned(sessionId) : () -> { };
        openStream(sink, sse);
        subscriptions.open(sessionId, Io.OUT, boundary == null ? -1 : boundary.seq(), sink, sse, SILENCE_SECONDS, false,
                new UiMessageStream(cut, abandoned));
    }

    /**
     * {@code DefaultChatTransport.reconnectToStream}: the turn in flight (or the next queued one) from its start; 204
     * when no turn streams, also for a chat that does not exist yet ({@code useChat} resumes on every page load).
     */
    @GET
    @Path("{chat}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void resume(@PathParam("chat") String chatId, @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        requireChatId(chatId);
        Session session = access.forResume(caller, agentId, chatId).orElseThrow(AiSdkChatResource::nothingStreams);
        StreamRecord boundary = reader.lastControl(session.id(), Io.OUT, "turn-complete", Long.MAX_VALUE);
        if (turns.settled(session.id(), true)) {
            throw nothingStreams();
        }
        openStreams.admit(request, sink);
        openStream(sink, sse);
        subscriptions.open(session.id(), Io.OUT, boundary == null ? -1 : boundary.seq(), sink, sse, SILENCE_SECONDS,
                false, new UiMessageStream(TurnCut.firstTurn(), () -> { }));
    }

    /** Stops the turn streaming now (for apps that keep turns running when the client leaves). */
    @POST
    @Path("{chat}/stop")
    @Produces(MediaType.APPLICATION_JSON)
    public String stop(@PathParam("chat") String chatId) {
        Caller caller = Authentication.caller(request);
        requireAgent();
        requireChatId(chatId);
        Session session = access.forStop(caller, agentId, chatId);
        return "{\"ok\":true,\"seq\":" + stops.stop(session.id()).seq() + "}";
    }

    private void requireAgent() {
        if (agents.find(agentId).isEmpty()) {
            throw ApiException.of(404, Json.createObjectBuilder().add("ok", false)
                    .add("error", "No agent with id \"" + agentId + "\" is deployed on this server"));
        }
    }

    private static WebApplicationException nothingStreams() {
        return new WebApplicationException(Response.noContent().build());
    }

    private static void requireChatId(String chatId) {
        if (!ChatRequest.validChatId(chatId)) {
            throw ApiException.badRequest("chatId must be 1 to 256 visible characters and not start with \"session_\"");
        }
    }

    private static boolean stopOnDisconnect(String header) {
        if (header == null || header.isBlank() || header.trim().equalsIgnoreCase("continue")) {
            return false;
        }
        if (header.trim().equalsIgnoreCase("stop")) {
            return true;
        }
        throw ApiException.notOk(400, "x-parley-on-disconnect must be \"stop\" or \"continue\"");
    }

    private void openStream(SseEventSink sink, Sse sse) {
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("x-vercel-ai-ui-message-stream", "v1");
        String origin = request.getHeader("Origin");
        response.setHeader("Access-Control-Allow-Origin", origin == null || origin.isBlank() ? "*" : origin);
        response.setHeader("Access-Control-Expose-Headers", Cors.EXPOSE + ",x-vercel-ai-ui-message-stream");
        // Liberty holds the status line and headers until the first write (decision D9); a comment is not a chunk
        sink.send(sse.newEventBuilder().comment("parley").build()).toCompletableFuture().join();
    }
}
