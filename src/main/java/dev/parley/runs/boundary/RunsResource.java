package dev.parley.runs.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.sessions.control.RunCancel;
import dev.parley.sessions.entity.SessionRun;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/v2/runs/{run}/cancel}, the path and answer ({@code {"id": …}}) of trigger.dev's {@code runs.cancel}:
 * the run ends, the session stays open ({@link RunCancel}). Secret key only, like the other admin actions on runs.
 * Canceling a run that has ended already answers the same, so a retried cancel is harmless.
 */
@Path("api/v2/runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private static final int MAX_ID = 128;

    @Inject
    RunCancel cancel;

    @Inject
    AuditContext audit;

    @Context
    HttpServletRequest request;

    @POST
    @Path("{run}/cancel")
    @Audited(value = AuditAction.RUN_CANCEL, target = "run")
    @Transactional
    public String cancel(@PathParam("run") String runId) {
        Caller caller = Authentication.caller(request);
        audit.detail("environmentId", caller.environmentId());
        if (!caller.secretKey()) {
            throw ApiException.forbiddenScope();
        }
        if (runId.length() > MAX_ID) {
            throw ApiException.badRequest("run id is longer than " + MAX_ID + " characters");
        }
        SessionRun run = cancel.find(caller.environmentId(), runId)
                .orElseThrow(() -> ApiException.of(404, "Run not found"));
        RunCancel.Outcome outcome = cancel.cancel(run);
        audit.detail("outcome", outcome.name().toLowerCase());
        return Json.createObjectBuilder().add("id", run.friendlyId()).add("outcome", outcome.name().toLowerCase())
                .build().toString();
    }
}
