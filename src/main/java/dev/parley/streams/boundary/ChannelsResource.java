package dev.parley.streams.boundary;

import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.limits.boundary.Limited;
import dev.parley.limits.boundary.OpenStreams;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Cors;
import dev.parley.platform.Ids;
import dev.parley.sessions.control.RunStartingAppend;
import dev.parley.sessions.control.SessionAccess;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRef;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.control.InputChunks;
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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.InputStream;

/**
 * The durable channels of a session (wire rules W9–W11): append, SSE subscribe in the S2 batch dialect, the
 * non-blocking records drain. Validation happens before anything is written; a failed append writes nothing.
 */
@Path("realtime/v1/sessions/{session}/{io}")
@RequestScoped
public class ChannelsResource {

    @Inject
    SessionAccess access;

    @Inject
    TurnTracing tracing;

    @Inject
    SessionStore store;

    @Inject
    GroupCommit groupCommit;

    @Inject
    RunStartingAppend runStartingAppend;

    @Inject
    RecordReader reader;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Turns turns;

    @Inject
    OpenStreams openStreams;

    @Inject
    SessionQuota quota;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @PathParam("session")
    String sessionParam;

    @PathParam("io")
    String ioParam;

    @POST
    @Path("append")
    @Limited(Limited.Kind.APPEND)
    @Produces(MediaType.APPLICATION_JSON)
    public String append(InputStream body, @HeaderParam("X-Part-Id") String partIdHeader) {
        Caller caller = Authentication.caller(request);
        Io io = io();
        String partId = partId(partIdHeader);
        String raw = Bodies.readText(body, Bodies.APPEND_CAP);
        SessionRef session = access.refForAction(caller, "write", sessionParam);
        if (session.closed()) {
            throw closed("Cannot append to a closed session", "session_closed", session.closedReason());
        }
        if (session.expired(java.time.Instant.now())) {
            throw closed("Cannot append to an expired session", "session_expired", null);
        }
        if (io == Io.OUT && !caller.secretKey()) {
            throw ApiException.notOk(403, "Appending to the out channel requires secret key authentication");
        }
        NewRecord record = io == Io.IN ? inRecord(raw, partId) : outRecord(raw, partId);
        if (record.meteredBytes() > NewRecord.MAX_METERED_BYTES) {
            throw ApiException.notOk(413, "Record metered size " + record.meteredBytes()
                    + " bytes exceeds the per-record limit of " + NewRecord.MAX_METERED_BYTES + " bytes.");
        }
        quota.check(session.id());
        String claim = partIdHeader == null ? null : partId;
        if (io == Io.IN) {
            tracing.requestAppended(session.id()); // before the append: its turn may start the moment it commits
        }
        StreamRecord written = io == Io.IN && InputChunks.startsRun(raw)
                ? runStartingAppend.append(session.id(), record, claim)
                : groupCommit.append(session.id(), io, record, claim);
        if (written == null) {
            return "{\"ok\":true}";
        }
        return "{\"ok\":true,\"seq\":" + written.seq() + "}";
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@HeaderParam("Last-Event-ID") String lastEventId,
                          @HeaderParam("Timeout-Seconds") String timeoutHeader,
                          @HeaderParam("X-Peek-Settled") String peekSettled,
                          @Context SseEventSink sink, @Context Sse sse) {
        Caller caller = Authentication.caller(request);
        Io io = io();
        int timeout = timeoutSeconds(timeoutHeader);
        Long after = LastEventId.parse(lastEventId);
        java.util.Optional<Session> found = store.resolve(caller.environmentId(), sessionParam);
        if (found.isEmpty()) {
            if (sessionParam.startsWith("session_") || sessionParam.length() > 256) {
                throw ApiException.notFound().noRetry();
            }
            if (!caller.can("read", "sessions", sessionParam)) {
                throw ApiException.forbiddenScope();
            }
            openStreams.admit(request, sink);
            subscriptions.reserveWait();
            openHeaders(sink, sse, false);
            String env = caller.environmentId();
            boolean writer = caller.can("write", "sessions", sessionParam);
            subscriptions.await(() -> store.resolve(env, sessionParam).map(Session::id).orElse(null),
                    id -> subscriptions.open(id, io, -1, sink, sse, timeout, false, writer),
                    sink, timeout, () -> done(sink, sse));
            return;
        }
        Session session = access.forRead(caller, sessionParam, found.get());
        boolean settled = io == Io.OUT && "1".equals(peekSettled) && settled(session.id());
        openStreams.admit(request, sink);
        openHeaders(sink, sse, settled);
        long next = reader.nextSeq(session.id(), io);
        long cursor = after == null ? -1 : Math.min(after, next - 1);
        subscriptions.open(session.id(), io, cursor, sink, sse, timeout, settled, writer(caller, session));
    }

    @HEAD
    public Response head() {
        Caller caller = Authentication.caller(request);
        io();
        java.util.Optional<Session> found = store.resolve(caller.environmentId(), sessionParam);
        if (found.isPresent()) {
            access.forRead(caller, sessionParam, found.get());
        } else if (sessionParam.startsWith("session_")) {
            throw ApiException.notFound().noRetry();
        } else if (!caller.can("read", "sessions", sessionParam)) {
            throw ApiException.forbiddenScope();
        }
        return Response.ok().header("X-Last-Chunk-Index", "0").build();
    }

    @GET
    @Path("records")
    @Produces(MediaType.APPLICATION_JSON)
    public String records(@QueryParam("afterEventId") String afterEventId) {
        Caller caller = Authentication.caller(request);
        Io io = io();
        long from = 0;
        if (afterEventId != null) {
            if (!afterEventId.matches("\\d{1,18}")) {
                throw ApiException.of(400, Json.createObjectBuilder().add("error", "Query Error")
                        .add("details", Json.createArrayBuilder().add("afterEventId: must be decimal digits")));
            }
            from = Long.parseLong(afterEventId) + 1;
        }
        java.util.Optional<Session> found = store.resolve(caller.environmentId(), sessionParam);
        if (found.isEmpty() && !sessionParam.startsWith("session_") && caller.can("read", "sessions", sessionParam)) {
            return "{\"records\":[]}";
        }
        if (found.isEmpty()) {
            throw ApiException.notFound().noRetry();
        }
        Session session = access.forRead(caller, sessionParam, found.get());
        boolean writer = writer(caller, session);
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (StreamRecord r : reader.page(session.id(), io, from, Long.MAX_VALUE, 5_000)) {
            if (r.command()) {
                continue;
            }
            out.add(RecordsView.of(writer ? r : r.withoutAccessToken()));
        }
        return Json.createObjectBuilder().add("records", out).build().toString();
    }

    /**
     * Whether the reader may write this chat. Only such readers get the read+write token each {@code turn-complete}
     * carries; handing it to a read-only reader would turn read access into write access.
     */
    private boolean writer(Caller caller, Session session) {
        return caller.can("write", "sessions", sessionParam, session.friendlyId(), session.externalId());
    }

    /** Direct S2 writers are not offered: agents are Java and write in-process (decision D12). */
    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response initialize() {
        io();
        access.refForAction(Authentication.caller(request), "write", sessionParam);
        throw ApiException.of(501, "Parley does not hand out direct stream-writer credentials: agents run in-process "
                + "as Java CDI beans and write through the server (see docs/protocol.md)");
    }

    private Io io() {
        return Io.fromWire(ioParam).orElseThrow(() -> ApiException.of(400, Json.createObjectBuilder()
                .add("error", "Params Error").add("details", Json.createArrayBuilder().add("io: must be \"in\" or \"out\""))));
    }

    private static String partId(String header) {
        if (header == null) {
            return Ids.recordId();
        }
        if (header.isEmpty() || header.length() > 256 || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.of(400, Json.createObjectBuilder().add("error", "Headers Error")
                    .add("details", Json.createArrayBuilder().add("X-Part-Id: 1 to 256 visible ASCII characters")));
        }
        return header;
    }

    private static NewRecord inRecord(String raw, String partId) {
        return NewRecord.text(InputChunks.sanitize(raw), partId);
    }

    /** On {@code .out} a JSON object body is stored as the chunk object ({@code data} must be an object for clients). */
    private static NewRecord outRecord(String raw, String partId) {
        JsonValue v = raw.isBlank() ? null : Bodies.parse(raw);
        if (v instanceof JsonObject o) {
            return NewRecord.data(o.toString(), partId);
        }
        return NewRecord.text(raw, partId);
    }

    private static ApiException closed(String error, String code, String reason) {
        return ApiException.of(409, Json.createObjectBuilder().add("ok", false).add("error", error).add("code", code)
                .add("closedReason", reason == null ? JsonValue.NULL : Json.createValue(reason)));
    }

    static int timeoutSeconds(String header) {
        if (header == null) {
            return 60;
        }
        int t;
        try {
            t = Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw plain("Invalid timeout seconds");
        }
        if (t < 1) {
            throw plain("Timeout seconds must be greater than 0");
        }
        if (t > 600) {
            throw plain("Timeout seconds must be less than 600");
        }
        return t;
    }

    private static jakarta.ws.rs.WebApplicationException plain(String message) {
        return new jakarta.ws.rs.BadRequestException(Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity(message).build());
    }

    private void openHeaders(SseEventSink sink, Sse sse, boolean settled) {
        response.setHeader("X-Stream-Version", "v2");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        if (settled) {
            response.setHeader("X-Session-Settled", "true");
        }
        String origin = request.getHeader("Origin");
        response.setHeader("Access-Control-Allow-Origin", origin == null || origin.isBlank() ? "*" : origin);
        response.setHeader("Access-Control-Expose-Headers", "*, " + Cors.EXPOSE);
        // Liberty holds the status line and headers until the first write: write a comment now (decision D9).
        sink.send(sse.newEventBuilder().comment("parley").build()).toCompletableFuture().join();
    }

    private static void done(SseEventSink sink, Sse sse) {
        try {
            sink.send(sse.newEventBuilder().data("[DONE]").build()).toCompletableFuture().join();
        } catch (RuntimeException ignored) {
            // the client left
        } finally {
            sink.close();
        }
    }

    private boolean settled(String sessionId) {
        return turns.settled(sessionId, false);
    }
}
