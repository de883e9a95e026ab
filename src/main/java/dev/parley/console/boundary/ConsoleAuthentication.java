package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.Actor;
import dev.parley.audit.entity.Outcome;
import dev.parley.console.control.ConsoleSessions;
import dev.parley.console.entity.ConsoleUser;
import dev.parley.platform.ApiException;
import dev.parley.platform.ApiExceptionMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Guards every {@code /console/api} route: the caller must hold a console session (the HttpOnly cookie issued by a
 * local or SSO sign-in) whose role covers the route's {@link Allowed} role. Secret keys and session tokens are never
 * looked at here, so they grant nothing. A console route that declares no role is refused (fail closed).
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class ConsoleAuthentication implements ContainerRequestFilter {

    public static final String COOKIE = "parley_console";
    static final String USER = "parley.console.user";
    private static final Logger LOG = Logger.getLogger(ConsoleAuthentication.class.getName());

    @Inject
    ConsoleSessions sessions;

    @Context
    ResourceInfo resource;

    @Inject
    AuditContext audit;

    @Inject
    AuditLog auditLog;

    @Override
    public void filter(ContainerRequestContext req) {
        // decided by the matched resource, not the request path, so no spelling of a path can skip the check
        Class<?> type = resource.getResourceClass();
        Path path = type == null ? null : type.getAnnotation(Path.class);
        if (path == null || !path.value().startsWith("console/api")) {
            return;
        }
        Method method = resource.getResourceMethod();
        if (method.isAnnotationPresent(SignIn.class)) {
            return;
        }
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = method.getDeclaringClass().getAnnotation(Allowed.class);
        }
        if (allowed == null) {
            LOG.severe(() -> "console route without a role refused: " + method);
            abort(req, ApiException.of(403, "Forbidden"));
            return;
        }
        Cookie cookie = req.getCookies().get(COOKIE);
        ConsoleUser user = cookie == null ? null : sessions.resolve(cookie.getValue()).orElse(null);
        if (user == null) {
            abort(req, ApiException.unauthorized("Sign in to the console"));
            return;
        }
        audit.actor(actor(user));
        if (!user.role().covers(allowed.value())) {
            ApiException refused = ApiException.of(403, "This needs the " + allowed.value().wire() + " role");
            Audited audited = method.getAnnotation(Audited.class);
            if (audited != null) {
                // a viewer trying an admin action: refused here, before the route (and its audit interceptor) runs
                String target = req.getUriInfo().getPathParameters().getFirst(audited.target());
                try {
                    auditLog.refused(actor(user), audited.value()[0], target, Outcome.REFUSED,
                            refused.status() + " " + refused.getMessage(), audit.detail());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a refused admin action could not be recorded", e);
                }
            }
            abort(req, refused);
            return;
        }
        req.setProperty(USER, user);
    }

    /** How the audit log names a console user: the local user name or the SSO subject. */
    static Actor actor(ConsoleUser user) {
        return new Actor("sso".equals(user.source()) ? Actor.Kind.SSO : Actor.Kind.CONSOLE, user.subject());
    }

    /** The signed-in user of a route that passed this filter. */
    static ConsoleUser user(jakarta.servlet.http.HttpServletRequest req) {
        return (ConsoleUser) req.getAttribute(USER);
    }

    private static void abort(ContainerRequestContext req, ApiException e) {
        req.abortWith(new ApiExceptionMapper().toResponse(e));
    }
}
