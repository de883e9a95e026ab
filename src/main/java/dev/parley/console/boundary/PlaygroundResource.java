package dev.parley.console.boundary;

import dev.parley.agents.control.AgentRegistry;
import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.auth.control.Environments;
import dev.parley.auth.entity.Environment;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.control.SessionStore;
import dev.parley.sessions.entity.CreateSession;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.List;

/**
 * The playground: an admin chats with any agent through the same durable channels a client uses. A playground chat
 * is an ordinary session of the {@code default} environment tagged {@code playground}; its {@code .in} records are
 * the wire records the official clients send (messages, approvals as assistant-message updates, stop).
 */
@Path("console/api/playground")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(ConsoleRole.ADMIN)
public class PlaygroundResource {

    @Inject
    AgentRegistry agents;

    @Inject
    Environments environments;

    @Inject
    SessionStore store;

    @Inject
    RunClaims runs;

    @Inject
    Appender appender;

    @Inject
    AuditContext audit;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @POST
    @Audited(AuditAction.PLAYGROUND_START)
    @Transactional
    public String start(InputStream body, @HeaderParam("Content-Type") String contentType) {
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        Bodies.requireJsonContentType(contentType);
        String agent = json.get("agent") instanceof JsonString s ? s.getString() : null;
        if (agent == null || agents.find(agent).isEmpty()) {
            throw ApiException.badRequest("agent must name a deployed agent");
        }
        Environment env = environments.bySlug("default").orElseThrow(() -> ApiException.of(409, "No default environment"));
        String chatId = "playground-" + Ids.random(12);
        CreateSession create = CreateSession.from(Json.createObjectBuilder()
                .add("type", "chat.agent").add("externalId", chatId).add("taskIdentifier", agent)
                .add("tags", Json.createArrayBuilder().add("playground"))
                .add("triggerConfig", Json.createObjectBuilder().add("basePayload", Json.createObjectBuilder()
                        .add("chatId", chatId).add("trigger", "preload").add("messages", Json.createArrayBuilder())))
                .build());
        Session s = store.create(env.id(), create).session();
        runs.ensureLive(s, RunReason.INITIAL);
        audit.target(s.friendlyId());
        audit.detail("agent", agent);
        return Json.createObjectBuilder().add("id", s.friendlyId()).add("chatId", chatId).add("agent", agent)
                .build().toString();
    }

    /** Appends one {@code .in} record: {@code {"kind":"message","payload":{…}}} or {@code {"kind":"stop"}}. */
    @POST
    @Path("{session}/in")
    @Audited(value = AuditAction.PLAYGROUND_SEND, target = "session")
    @Transactional
    public String send(@PathParam("session") String id, InputStream body) {
        JsonObject record = Bodies.readObject(body, Bodies.CREATE_CAP);
        String kind = record.get("kind") instanceof JsonString k ? k.getString() : "";
        if (!kind.equals("message") && !kind.equals("stop")) {
            throw ApiException.badRequest("kind must be message or stop");
        }
        if (kind.equals("message") && !(record.get("payload") instanceof JsonObject p && p.get("message") instanceof JsonObject)) {
            throw ApiException.badRequest("a message record needs payload.message");
        }
        Session s = em.createQuery("select s from Session s where s.friendlyId = :id", Session.class).setParameter("id", id)
                .getResultStream().findFirst().filter(x -> x.tags().contains("playground")).orElseThrow(ApiException::notFound);
        if (s.closed()) {
            throw ApiException.of(409, "The session is closed");
        }
        if (kind.equals("message")) {
            runs.ensureLive(s, RunReason.CONTINUATION);
        }
        StreamRecord r = appender.append(s.id(), Io.IN, List.of(NewRecord.text(record.toString(), Ids.recordId()))).get(0);
        audit.detail("kind", kind).detail("seq", r.seq());
        return Json.createObjectBuilder().add("ok", true).add("seq", r.seq()).build().toString();
    }
}
