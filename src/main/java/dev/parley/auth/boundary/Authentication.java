package dev.parley.auth.boundary;

import dev.parley.auth.control.Callers;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.platform.RequestLog;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@code /api/v1}, {@code /api/v2} and {@code /realtime/v1} request is authenticated first (wire rule W3: 401
 * precedes size, params and body checks). The resolved {@link Caller} travels as a request property; each route then checks its scope.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@jakarta.enterprise.context.ApplicationScoped
public class Authentication implements ContainerRequestFilter {

    public static final String CALLER = "parley.caller";

    @Inject
    Callers callers;

    @Override
    public void filter(ContainerRequestContext req) {
        String path = req.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!path.startsWith("api/v1/") && !path.startsWith("api/v2/") && !path.startsWith("realtime/v1/")
                && !path.equals("api/v1") && !path.startsWith("api/chat/")) {
            return;
        }
        try {
            Caller caller = callers.resolve(req.getHeaderString("Authorization"));
            req.setProperty(CALLER, caller);
            req.setProperty(RequestLog.ENVIRONMENT, caller.environmentId());
        } catch (ApiException e) {
            req.abortWith(new dev.parley.platform.ApiExceptionMapper().toResponse(e));
        }
    }

    public static Caller caller(jakarta.servlet.http.HttpServletRequest req) {
        Object c = req.getAttribute(CALLER);
        if (c instanceof Caller caller) {
            return caller;
        }
        throw ApiException.unauthorized("Invalid or Missing API key");
    }
}
