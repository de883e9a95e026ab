package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.entity.AuditAction;
import dev.parley.console.control.DeadRuns;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.platform.ApiException;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The run queue's dead letters for operators: the list (viewers), and sending one back to the run queue (admins),
 * e.g. after the fault that failed every delivery was fixed.
 */
@Path("console/api/dead-runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeadRunsConsoleResource {

    @Inject
    DeadRuns deadRuns;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @GET
    @Allowed(ConsoleRole.VIEWER)
    @Transactional
    public String list() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (DeadRuns.DeadRun d : deadRuns.list()) {
            JsonObjectBuilder item = Json.createObjectBuilder().add("messageId", d.messageId()).add("sentAt", d.sentAt())
                    .add("deliveries", d.deliveries());
            SessionRun run = d.runId() == null ? null : em.find(SessionRun.class, d.runId());
            if (run != null) {
                Session s = em.find(Session.class, run.sessionId());
                item.add("runId", run.friendlyId()).add("runStatus", run.status().name())
                        .add("sessionId", s == null ? "" : s.friendlyId());
            } else {
                item.addNull("runId").add("note", d.runId() == null ? "carries no run id" : "names no run of this database");
            }
            items.add(item);
        }
        return Json.createObjectBuilder().add("items", items).add("limit", DeadRuns.LIMIT).build().toString();
    }

    /**
     * Not in a transaction of the route's own: the dead letter moves in the queue's transaction ({@link DeadRuns#requeue}),
     * and the database is not a two-phase participant with the queue (a non-XA data source by design), so the audit
     * row is written in its own transaction right after the queue's commits.
     */
    @POST
    @Path("{message}/requeue")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.DEAD_RUN_REQUEUE, target = "message")
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public String requeue(@PathParam("message") String messageId) {
        if (!messageId.matches(DeadRuns.MESSAGE_ID)) {
            throw ApiException.badRequest("Not a JMS message id");
        }
        return switch (deadRuns.requeue(messageId)) {
            case REQUEUED -> Json.createObjectBuilder().add("requeued", true).build().toString();
            case GONE -> throw ApiException.of(404, "No such dead letter (already requeued?)");
            case NOT_A_RUN -> throw ApiException.of(409, "This message carries no run id; nothing can handle it");
        };
    }
}
