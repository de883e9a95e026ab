package dev.parley.sessions.control;

import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Resolves the session a route addresses and checks the caller's scope on it (wire rules W1, W3, W17): either id form
 * in a token authorises either URL form. Loader (GET) routes answer 404 before the scope check, action routes
 * check scope first so an under-scoped token learns nothing.
 */
@ApplicationScoped
public class SessionAccess {

    @Inject
    SessionStore store;

    public Session forRead(Caller caller, String urlValue) {
        Session s = store.resolve(caller.environmentId(), urlValue)
                .orElseThrow(() -> ApiException.notFound().noRetry());
        require(caller, "read", urlValue, s);
        return s;
    }

    /** As {@link #forRead(Caller, String)} for a session the route already resolved (no second lookup). */
    public Session forRead(Caller caller, String urlValue, Session resolved) {
        require(caller, "read", urlValue, resolved);
        return resolved;
    }

    public Session forAction(Caller caller, String action, String urlValue) {
        Optional<Session> s = store.resolve(caller.environmentId(), urlValue);
        if (s.isEmpty()) {
            if (!caller.can(action, "sessions", urlValue)) {
                throw ApiException.forbiddenScope();
            }
            throw ApiException.of(404, "Resource not found");
        }
        require(caller, action, urlValue, s.get());
        return s.get();
    }

    /** As {@link #forAction(Caller, String, String)} with the one-row view of the session. */
    public SessionRef refForAction(Caller caller, String action, String urlValue) {
        Optional<SessionRef> s = store.resolveRef(caller.environmentId(), urlValue);
        if (s.isEmpty()) {
            if (!caller.can(action, "sessions", urlValue)) {
                throw ApiException.forbiddenScope();
            }
            throw ApiException.of(404, "Resource not found");
        }
        if (!caller.can(action, "sessions", urlValue, s.get().friendlyId(), s.get().externalId())) {
            throw ApiException.forbiddenScope();
        }
        return s.get();
    }

    /** PATCH and close need {@code admin} on the URL value itself: in practice, the secret key. */
    public Session forAdmin(Caller caller, String urlValue, String notFound) {
        if (!caller.can("admin", "sessions", urlValue)) {
            throw ApiException.forbiddenScope();
        }
        return store.resolve(caller.environmentId(), urlValue).orElseThrow(() -> ApiException.of(404, notFound));
    }

    private static void require(Caller caller, String action, String urlValue, Session s) {
        if (!caller.can(action, "sessions", urlValue, s.friendlyId(), s.externalId())) {
            throw ApiException.forbiddenScope();
        }
    }
}
