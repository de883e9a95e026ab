package dev.parley.audit.boundary;

import dev.parley.audit.control.AuditContext;
import dev.parley.audit.control.AuditLog;
import dev.parley.audit.entity.Actor;
import dev.parley.audit.entity.AuditAction;
import dev.parley.audit.entity.Outcome;
import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.PathParam;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records every {@link Audited} route. It runs inside the route's {@code @Transactional} interceptor (a later
 * priority), so the done row is written in the action's transaction: if the action rolls back, so does its row, and
 * the action cannot commit without it. An {@link ApiException} is a refusal with the answer's error as the reason
 * (a 5xx one, or any other exception, a failure); those rows are written apart, since the action's transaction is
 * rolling back.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class AuditInterceptor {

    private static final Logger LOG = Logger.getLogger(AuditInterceptor.class.getName());

    @Inject
    AuditLog log;

    @Inject
    AuditContext context;

    @Inject
    HttpServletRequest request;

    @AroundInvoke
    public Object record(InvocationContext invocation) throws Exception {
        Method method = invocation.getMethod();
        Audited audited = method.getAnnotation(Audited.class);
        if (audited == null || audited.value().length != 1) {
            throw new IllegalStateException("an audited route names exactly one action: " + method);
        }
        AuditAction action = audited.value()[0];
        Object result;
        try {
            result = invocation.proceed();
        } catch (ApiException e) {
            refused(invocation, audited, e.status() >= 500 ? Outcome.FAILED : Outcome.REFUSED, e.status() + " " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            refused(invocation, audited, Outcome.FAILED, "500 " + e.getClass().getSimpleName());
            throw e;
        }
        log.done(actor(), action, target(invocation, audited), context.detail());
        return result;
    }

    /**
     * Records a refusal. The action did not happen, so a refusal that cannot be recorded (the database is away, the
     * input cannot be stored) is logged and the caller still gets the answer the route gave, not a 500 of ours.
     */
    private void refused(InvocationContext invocation, Audited audited, Outcome outcome, String reason) {
        try {
            log.refused(actor(), audited.value()[0], target(invocation, audited), outcome, reason, context.detail());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a refused " + audited.value()[0] + " could not be recorded in the audit log", e);
        }
    }

    /** The console user or sign-in name the request named, else the API credential: a key by id, a token by environment. */
    private Actor actor() {
        if (context.actor() != null) {
            return context.actor();
        }
        if (request.getAttribute(Authentication.CALLER) instanceof Caller c) {
            return c.secretKey() && c.keyId() != null ? new Actor(Actor.Kind.SECRET_KEY, c.keyId())
                    : new Actor(Actor.Kind.TOKEN, c.environmentId());
        }
        return Actor.ANONYMOUS;
    }

    private String target(InvocationContext invocation, Audited audited) {
        if (context.target() != null) {
            return context.target();
        }
        return pathParameter(invocation.getMethod(), invocation.getParameters(), audited.target());
    }

    /** The value of the route's path parameter {@code name}, or null. */
    static String pathParameter(Method method, Object[] arguments, String name) {
        if (name.isEmpty()) {
            return null;
        }
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            PathParam p = parameters[i].getAnnotation(PathParam.class);
            if (p != null && p.value().equals(name) && arguments[i] != null) {
                return String.valueOf(arguments[i]);
            }
        }
        return null;
    }
}
