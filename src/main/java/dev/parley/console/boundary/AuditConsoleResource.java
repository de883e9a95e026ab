package dev.parley.console.boundary;

import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.AuditAction;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.sessions.entity.SessionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;

/**
 * The audit log for admins, newest first, paged by entry id ({@code before} for older, {@code after} for newer),
 * filtered by action and/or actor. Admin-only: it names who signed in from where, which viewers need not see.
 */
@Path("console/api/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditConsoleResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    @Inject
    AuditLog log;

    @GET
    @Allowed(ConsoleRole.ADMIN)
    public String list(@QueryParam("action") String action, @QueryParam("actor") String actor,
                       @QueryParam("before") String before, @QueryParam("after") String after,
                       @QueryParam("limit") String limit) {
        AuditAction only = blank(action) ? null : AuditAction.parse(action.trim())
                .orElseThrow(() -> ApiException.badRequest("action must be one of " + Arrays.toString(AuditAction.values())));
        String who = blank(actor) ? null : actor.trim();
        if (who != null && who.length() > 256) {
            throw ApiException.badRequest("actor must be at most 256 characters");
        }
        if (who != null) {
            Bodies.requireStorable("actor", who);
        }
        Long older = cursor(before, "before");
        Long newer = older == null ? cursor(after, "after") : null;
        int size = (int) QueryNumbers.number(limit, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        List<AuditEntry> rows = log.page(only, who, older, newer, size);
        boolean more = rows.size() > size;
        // the extra row is the newest one of a newer page (read upwards from its cursor), else the oldest
        List<AuditEntry> page = !more ? rows : newer != null ? rows.subList(1, rows.size()) : rows.subList(0, size);
        JsonArrayBuilder data = Json.createArrayBuilder();
        page.forEach(e -> data.add(view(e)));
        boolean hasOlder = newer != null ? !page.isEmpty() : more;
        boolean hasNewer = newer != null ? more : older != null && !page.isEmpty();
        JsonObjectBuilder pagination = Json.createObjectBuilder()
                .add("next", hasOlder && !page.isEmpty() ? Json.createValue(page.getLast().id()) : JsonValue.NULL)
                .add("previous", hasNewer ? Json.createValue(page.getFirst().id()) : JsonValue.NULL);
        JsonArrayBuilder actions = Json.createArrayBuilder();
        Arrays.stream(AuditAction.values()).forEach(a -> actions.add(a.name()));
        return Json.createObjectBuilder().add("data", data).add("pagination", pagination).add("actions", actions)
                .build().toString();
    }

    private static JsonObjectBuilder view(AuditEntry e) {
        return Json.createObjectBuilder().add("id", e.id()).add("at", SessionView.iso(e.at()))
                .add("actor", Json.createObjectBuilder().add("kind", e.actorKind()).add("name", e.actor()))
                .add("action", e.action()).add("target", nullable(e.target())).add("outcome", e.outcome())
                .add("reason", nullable(e.reason())).add("detail", Bodies.parse(e.detail()));
    }

    private static JsonValue nullable(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Long cursor(String v, String name) {
        return blank(v) ? null : QueryNumbers.number(v, name, 1, Long.MAX_VALUE, 0);
    }
}
