package dev.parley.sessions.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.control.SessionTokens;
import dev.parley.auth.entity.Caller;
import dev.parley.limits.boundary.Limited;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.control.SessionAccess;
import dev.parley.sessions.control.SessionCloser;
import dev.parley.sessions.control.SessionPage;
import dev.parley.sessions.control.SessionQuery;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.entity.CreateSession;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.sessions.entity.SessionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Stream;

/** The Sessions API (wire rules W4–W8): create (idempotent), retrieve, list, update, close, end-and-continue. */
@Path("api/v1/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    SessionStore store;

    @Inject
    SessionAccess access;

    @Inject
    RunClaims runs;

    @Inject
    SessionTokens tokens;

    @Inject
    SessionCloser closer;

    @Inject
    AuditContext audit;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Context
    HttpServletRequest request;

    @POST
    @Transactional
    @Limited(Limited.Kind.CREATE)
    public Response create(InputStream body, @HeaderParam("Content-Type") String contentType) {
        Caller caller = Authentication.caller(request);
        JsonObject json = Bodies.readObject(body, Bodies.CREATE_CAP);
        Bodies.requireJsonContentType(contentType);
        CreateSession req = CreateSession.from(json);
        if (!caller.canCollection("write", "sessions") && !caller.can("write", "tasks", req.taskIdentifier())) {
            throw ApiException.forbiddenScope();
        }
        SessionStore.Created created = store.create(caller.environmentId(), req);
        Session s = created.session();
        if (created.cached() && !caller.canCollection("write", "sessions")
                && !s.taskIdentifier().equals(req.taskIdentifier())) {
            // A task-scoped token may continue its own task's sessions, not rewrite or mint for another agent's.
            throw ApiException.of(403, Json.createObjectBuilder()
                    .add("error", "A session with this externalId belongs to another task; a token scoped to task '"
                            + req.taskIdentifier() + "' cannot continue it")
                    .add("code", "unauthorized").add("param", "access_token").add("type", "authorization")).noRetry();
        }
        if (s.closed()) {
            throw ApiException.of(409, Json.createObjectBuilder().add("error",
                    "Session is closed; use a different externalId to create a new session").add("code", "session_closed")).noRetry();
        }
        if (s.expired(Instant.now())) {
            throw ApiException.of(409, Json.createObjectBuilder().add("error",
                    "Session is expired; use a different externalId to create a new session").add("code", "session_expired")).noRetry();
        }
        if (created.cached()) {
            s.replaceTriggerConfig(req.triggerConfig().toString());
        }
        SessionRun run = runs.ensureLive(s, created.cached() ? RunReason.CONTINUATION : RunReason.INITIAL);
        String token = tokens.mintForSession(caller.environmentId(), s.addressingKey());
        return Response.status(created.cached() ? 200 : 201)
                .entity(SessionView.created(s, run, token, created.cached())).build();
    }

    @Transactional
    @GET
    @Path("{session}")
    public String retrieve(@PathParam("session") String id) {
        return SessionView.item(access.forRead(Authentication.caller(request), id), true).build().toString();
    }

    @Transactional
    @GET
    public String list(@Context UriInfo uri) {
        Caller caller = Authentication.caller(request);
        var params = uri.getQueryParameters();
        if (!caller.canCollection("read", "sessions") && !caller.canCollection("read", "tasks") && !tasksScoped(caller, params)) {
            throw ApiException.forbiddenScope();
        }
        SessionQuery q = SessionQuery.parse(caller.environmentId(), params);
        SessionPage page = store.page(q);
        JsonArrayBuilder data = Json.createArrayBuilder();
        page.rows().forEach(s -> data.add(SessionView.item(s, false)));
        return Json.createObjectBuilder().add("data", data).add("pagination", page.pagination()).build().toString();
    }

    @PATCH
    @Path("{session}")
    @Audited(value = AuditAction.SESSION_UPDATE, target = "session")
    @Transactional
    public String update(@PathParam("session") String id, InputStream body) {
        Caller caller = Authentication.caller(request);
        audit.detail("environmentId", caller.environmentId());
        JsonObject json = Bodies.readObject(body, Bodies.CREATE_CAP);
        Session s = access.forAdmin(caller, id, "Session not found");
        audit.target(s.friendlyId());
        // which fields changed, not their values: metadata is the customer's data
        audit.detail("fields", String.join(",", Stream.of("externalId", "metadata", "tags")
                .filter(json::containsKey).toList()));
        store.lockForUpdate(s);
        if (json.containsKey("externalId")) {
            JsonValue ext = json.get("externalId");
            String requested = ext instanceof JsonString str ? str.getString() : null;
            if ((ext.getValueType() != JsonValue.ValueType.NULL && requested == null) || !Objects.equals(requested, s.externalId())) {
                throw ApiException.of(422, "externalId cannot be changed after creation; create a new session instead");
            }
        }
        if (json.containsKey("tags")) {
            store.replaceTags(s, CreateSession.Tags.from(json.get("tags"), 10));
        }
        if (json.containsKey("metadata")) {
            JsonValue m = json.get("metadata");
            if (m.getValueType() != JsonValue.ValueType.NULL && m.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.badRequest("metadata must be an object or null");
            }
            s.replaceMetadata(m.getValueType() == JsonValue.ValueType.NULL ? null : m.toString());
        }
        em.flush();
        return SessionView.item(s, true).build().toString();
    }

    /**
     * Close (decision D3): first close wins; the live run is stopped, a {@code session-closed} control record is
     * written, and no run is started for this session again.
     */
    @POST
    @Path("{session}/close")
    @Audited(value = AuditAction.SESSION_CLOSE, target = "session")
    @Transactional
    public String close(@PathParam("session") String id, InputStream body) {
        Caller caller = Authentication.caller(request);
        audit.detail("environmentId", caller.environmentId());
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        String reason = optionalString(json, "reason", 256);
        Session s = access.forAdmin(caller, id, "Session not found");
        audit.target(s.friendlyId());
        audit.detail("reason", reason).detail("closedNow", closer.close(s, reason));
        em.flush();
        return SessionView.item(s, true).build().toString();
    }

    /** Planned hand-off to a new run (wire rule W8); secret key only (decision D14). */
    @POST
    @Path("{session}/end-and-continue")
    @Audited(value = AuditAction.SESSION_END_AND_CONTINUE, target = "session")
    @Transactional
    public String endAndContinue(@PathParam("session") String id, InputStream body) {
        Caller caller = Authentication.caller(request);
        audit.detail("environmentId", caller.environmentId());
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        if (!caller.secretKey()) {
            throw ApiException.forbiddenScope();
        }
        String callingRunId = optionalString(json, "callingRunId", 128);
        String reason = optionalString(json, "reason", 64);
        if (callingRunId == null || reason == null) {
            throw ApiException.badRequest("callingRunId and reason are required");
        }
        Session s = access.forAction(caller, "write", id);
        if (s.closed()) {
            throw ApiException.badRequest("Cannot end-and-continue a closed session");
        }
        if (s.expired(Instant.now())) {
            throw ApiException.badRequest("Cannot end-and-continue an expired session");
        }
        SessionRun calling = em.createQuery("select r from SessionRun r where r.friendlyId = :id and r.sessionId in "
                        + "(select s.id from Session s where s.environmentId = :env)", SessionRun.class)
                .setParameter("id", callingRunId).setParameter("env", caller.environmentId())
                .getResultStream().findFirst()
                .orElseThrow(() -> ApiException.of(404, "callingRunId not found in this environment"));
        RunClaims.SwapResult r = runs.swap(s, calling, RunReason.fromWire(reason));
        audit.target(s.friendlyId());
        audit.detail("callingRun", calling.friendlyId()).detail("reason", reason).detail("run", r.run().friendlyId())
                .detail("swapped", r.swapped());
        return Json.createObjectBuilder().add("runId", r.run().friendlyId()).add("swapped", r.swapped()).build().toString();
    }

    private static boolean tasksScoped(Caller caller, jakarta.ws.rs.core.MultivaluedMap<String, String> params) {
        String tasks = params.getFirst("filter[taskIdentifier]");
        if (tasks == null || tasks.isBlank()) {
            return false;
        }
        for (String t : tasks.split(",")) {
            if (!t.isBlank() && !caller.can("read", "tasks", t.trim())) {
                return false;
            }
        }
        return true;
    }

    private static String optionalString(JsonObject json, String key, int max) {
        JsonValue v = json.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s) || s.getString().length() > max) {
            throw ApiException.badRequest(key + " must be a string of at most " + max + " characters");
        }
        return s.getString();
    }
}
