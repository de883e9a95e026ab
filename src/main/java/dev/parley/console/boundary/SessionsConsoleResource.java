package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.auth.control.Environments;
import dev.parley.auth.entity.Environment;
import dev.parley.console.control.SessionHistory;
import dev.parley.console.control.SessionTurns;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.sessions.control.RunCancel;
import dev.parley.sessions.control.SessionCloser;
import dev.parley.sessions.control.SessionPage;
import dev.parley.sessions.control.SessionQuery;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.control.SessionUsage;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import dev.parley.sessions.entity.SessionView;
import dev.parley.streams.control.Appender;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.Subscriptions;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.InputStream;
import java.util.List;

/**
 * Sessions for the console: the filtered, cursor-paged list of one environment (the Sessions API's query), a
 * session's detail (runs, snapshot), its raw records, a live tail of {@code .out}, and the admin actions close,
 * stop and cancel-run. A session is addressed by its {@code session_…} id, unique across environments.
 */
@Path("console/api/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionsConsoleResource {

    private static final int TAIL_SECONDS = 300;

    @Inject
    SessionUsage sessionUsage;

    @Inject
    Environments environments;

    @Inject
    SessionStore store;

    @Inject
    SessionHistory history;

    @Inject
    SessionTurns turns;

    @Inject
    SessionCloser closer;

    @Inject
    Appender appender;

    @Inject
    RunCancel runCancel;

    @Inject
    RecordReader reader;

    @Inject
    Subscriptions subscriptions;

    @Inject
    AuditContext audit;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Transactional
    @GET
    @Allowed(ConsoleRole.VIEWER)
    public String list(@QueryParam("environment") String environment, @Context UriInfo uri) {
        Environment env = environment(environment);
        SessionQuery q = SessionQuery.parseWithSearch(env.id(), uri.getQueryParameters());
        SessionPage page = store.page(q);
        JsonArrayBuilder data = Json.createArrayBuilder();
        page.rows().forEach(s -> data.add(item(s, false)));
        return Json.createObjectBuilder().add("environment", env.slug()).add("data", data)
                .add("pagination", page.pagination()).build().toString();
    }

    @Transactional
    @GET
    @Path("{session}")
    @Allowed(ConsoleRole.VIEWER)
    public String detail(@PathParam("session") String id) {
        Session s = session(id);
        SessionUsage.Totals usage = sessionUsage.of(s.id());
        JsonObject compaction = sessionUsage.lastCompaction(s.id());
        return item(s, true).add("runs", history.runs(s.id())).add("snapshot", history.snapshot(s.id()))
                .add("usage", Json.createObjectBuilder().add("total", SessionUsage.json(usage.total()))
                        .add("lastTurn", SessionUsage.json(usage.previousTurn()))
                        .add("lastCompaction", compaction == null ? JsonValue.NULL : compaction))
                .add("next", Json.createObjectBuilder().add("in", reader.nextSeq(s.id(), Io.IN))
                        .add("out", reader.nextSeq(s.id(), Io.OUT)))
                .build().toString();
    }

    /** Raw records with their headers, commands included: {@code io} is in or out, {@code after} a seq or -1. */
    @Transactional
    @GET
    @Path("{session}/records")
    @Allowed(ConsoleRole.VIEWER)
    public String records(@PathParam("session") String id, @QueryParam("io") String io,
                          @QueryParam("after") String after, @QueryParam("limit") String limit) {
        Io channel = Io.fromWire(io == null ? "" : io).orElseThrow(() -> ApiException.badRequest("io must be in or out"));
        long from = QueryNumbers.number(after, "after", -1, Long.MAX_VALUE - 1, -1) + 1;
        int max = (int) QueryNumbers.number(limit, "limit", 1, 1000, 200);
        Session s = session(id);
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (StreamRecord stored : reader.page(s.id(), channel, from, Long.MAX_VALUE, max)) {
            // the console shows how a chat went, never the chat's write tokens (not even to admins)
            StreamRecord r = stored.withoutAccessToken();
            out.add(Json.createObjectBuilder().add("seq", r.seq()).add("timestamp", r.timestamp())
                    .add("headers", r.headers() == null ? JsonValue.NULL : Bodies.parse(r.headers()))
                    .add("body", r.body() == null ? JsonValue.NULL : Json.createValue(r.body()))
                    .add("command", r.command()));
        }
        return Json.createObjectBuilder().add("records", out).build().toString();
    }

    /**
     * One turn's timeline: the turn holding {@code .out} seq {@code seq} (any of its records; the session page links
     * each turn's first). 404 when that record is not stored, e.g. swept after a later turn's trim.
     */
    @Transactional
    @GET
    @Path("{session}/turns/{seq}")
    @Allowed(ConsoleRole.VIEWER)
    public String turn(@PathParam("session") String id, @PathParam("seq") String seq) {
        long at = QueryNumbers.number(seq, "seq", 0, Long.MAX_VALUE - 1, 0);
        Session s = session(id);
        JsonObject turn = turns.turn(s.id(), at);
        if (turn == null) {
            throw ApiException.of(404, "No record " + at + " on .out: the turn is not stored (any more)");
        }
        return Json.createObjectBuilder(turn).add("session", s.friendlyId()).build().toString();
    }

    /** {@code .out} live, in the realtime API's SSE batch dialect, from the record after {@code after}. */
    @Transactional
    @GET
    @Path("{session}/tail")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allowed(ConsoleRole.VIEWER)
    public void tail(@PathParam("session") String id, @QueryParam("after") String after,
                     @Context SseEventSink sink, @Context Sse sse) {
        Session s = session(id);
        long cursor = QueryNumbers.number(after, "after", -1, Long.MAX_VALUE - 1, -1);
        long next = reader.nextSeq(s.id(), Io.OUT);
        // Liberty holds the headers until the first write (decision D9)
        sink.send(sse.newEventBuilder().comment("parley console").build()).toCompletableFuture().join();
        subscriptions.open(s.id(), Io.OUT, Math.min(cursor, next - 1), sink, sse, TAIL_SECONDS, false, false);
    }

    @POST
    @Path("{session}/close")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.SESSION_CLOSE, target = "session")
    @Transactional
    public String close(@PathParam("session") String id, InputStream body) {
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        JsonValue reason = json.getOrDefault("reason", JsonValue.NULL);
        if (reason != JsonValue.NULL && (!(reason instanceof JsonString r) || r.getString().length() > 256)) {
            throw ApiException.badRequest("reason must be a string of at most 256 characters");
        }
        Session s = session(id);
        String why = reason instanceof JsonString r ? r.getString() : "closed from the console";
        boolean closed = closer.close(s, why);
        audit.detail("reason", why).detail("closedNow", closed);
        em.flush();
        return item(s, false).add("closedNow", closed).build().toString();
    }

    /** Stops the turn streaming now, exactly as a client's stop record does; an idle run just consumes it. */
    @POST
    @Path("{session}/stop")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.SESSION_STOP, target = "session")
    @Transactional
    public String stop(@PathParam("session") String id) {
        Session s = session(id);
        if (s.closed()) {
            throw ApiException.of(409, "The session is closed");
        }
        StreamRecord r = appender.append(s.id(), Io.IN, List.of(NewRecord.text("{\"kind\":\"stop\"}", Ids.recordId()))).get(0);
        audit.detail("seq", r.seq());
        return Json.createObjectBuilder().add("ok", true).add("seq", r.seq()).build().toString();
    }

    /** Cancels the session's current run as the runs API does: the run ends, the session stays open. */
    @POST
    @Path("{session}/cancel-run")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.RUN_CANCEL, target = "session")
    @Transactional
    public String cancelRun(@PathParam("session") String id) {
        Session s = session(id);
        SessionRun run = s.currentRun();
        if (run == null) {
            throw ApiException.of(409, "The session has no run");
        }
        RunCancel.Outcome outcome = runCancel.cancel(run);
        audit.target(run.friendlyId());
        audit.detail("session", s.friendlyId()).detail("outcome", outcome.name().toLowerCase());
        return Json.createObjectBuilder().add("id", run.friendlyId()).add("outcome", outcome.name().toLowerCase())
                .build().toString();
    }

    private JsonObjectBuilder item(Session s, boolean full) {
        SessionRun run = s.currentRun();
        return SessionView.item(s, full).add("environmentId", s.environmentId())
                .add("status", s.status(java.time.Instant.now()))
                .add("runStatus", run == null ? JsonValue.NULL : Json.createValue(run.status().name()));
    }

    private Session session(String id) {
        if (id == null || !id.startsWith("session_") || id.length() > 64) {
            throw ApiException.notFound();
        }
        return em.createQuery("select s from Session s where s.friendlyId = :id", Session.class).setParameter("id", id)
                .getResultStream().findFirst().orElseThrow(ApiException::notFound);
    }

    private Environment environment(String slugOrId) {
        String key = slugOrId == null || slugOrId.isBlank() ? "default" : slugOrId.trim();
        return environments.all().stream().filter(e -> e.slug().equals(key) || e.id().equals(key)).findFirst()
                .orElseThrow(() -> ApiException.of(404, "Environment not found"));
    }
}
