package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.Actor;
import dev.parley.audit.entity.AuditAction;
import dev.parley.console.control.ConsoleSessions;
import dev.parley.console.control.LocalAdmins;
import dev.parley.console.control.PasswordChecks;
import dev.parley.console.control.SignInThrottle;
import dev.parley.console.control.SsoRoles;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.console.entity.ConsoleUser;
import dev.parley.limits.control.ClientAddress;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.InputStream;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;

/**
 * Console sign-in. Local: the built-in admin's user name and password. SSO: a token from the enterprise IdP, verified
 * by the server's MicroProfile JWT support before this method runs (only this route is guarded by it, see web.xml and
 * parley-runtime.xml), exchanged for a console session whose role comes from the token's groups.
 */
@Path("console/api/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleAuthResource {

    @Inject
    LocalAdmins admins;

    @Inject
    ConsoleSessions sessions;

    @Inject
    SsoRoles ssoRoles;

    @Inject
    SignInThrottle throttle;

    @Inject
    PasswordChecks passwordChecks;

    @Inject
    ClientAddress clients;

    @Inject
    AuditContext audit;

    @Inject
    ConsoleCookies cookies;

    /** SSO sessions end with the IdP token and at most this long after it, so group changes take effect. */
    @Inject
    @ConfigProperty(name = "parley.console.sso.session.max", defaultValue = "PT1H")
    Duration ssoSessionMax;

    @Context
    HttpServletRequest request;

    @POST
    @Path("login")
    @SignIn
    @Audited(AuditAction.SIGN_IN)
    @Transactional
    public Response login(InputStream body, @HeaderParam("Content-Type") String contentType) {
        String address = clients.of(request);
        audit.detail("method", "local").detail("client", address);
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        Bodies.requireJsonContentType(contentType);
        String username = string(json, "username", 64);
        // named before the check, so a refused sign-in is recorded under the name it tried (never the password)
        audit.actor(new Actor(Actor.Kind.CONSOLE, username));
        String password = string(json, "password", 256);
        long wait = throttle.retryAfterSeconds(address, username);
        if (wait > 0) {
            throw new ApiException(429, Json.createObjectBuilder().add("error", "Too many failed sign-ins; try again later")
                    .build(), java.util.Map.of("Retry-After", Long.toString(wait)));
        }
        if (!passwordChecks.run(() -> admins.verify(username, password))) {
            throw throttled(address, username);
        }
        throttle.succeeded(address, username);
        return signedIn(new ConsoleUser(username, ConsoleRole.ADMIN, "local"), Instant.now().plus(ConsoleSessions.LIFETIME));
    }

    @POST
    @Path("sso")
    @SignIn
    @Audited(AuditAction.SIGN_IN)
    @Transactional
    public Response sso() {
        audit.detail("method", "sso").detail("client", clients.of(request));
        Principal p = request.getUserPrincipal();
        if (!(p instanceof JsonWebToken jwt)) {
            throw ApiException.unauthorized("A valid token from the configured identity provider is required");
        }
        audit.actor(new Actor(Actor.Kind.SSO, jwt.getName() != null ? jwt.getName() : String.valueOf(jwt.getSubject())));
        ConsoleRole role = ssoRoles.roleOf(jwt.getGroups())
                .orElseThrow(() -> ApiException.of(403, "This identity has no console role"));
        String subject = jwt.getName() != null ? jwt.getName() : jwt.getSubject();
        audit.detail("role", role.wire());
        Instant until = Instant.now().plus(ssoSessionMax);
        Instant tokenEnds = Instant.ofEpochSecond(jwt.getExpirationTime());
        return signedIn(new ConsoleUser(subject, role, "sso"), tokenEnds.isBefore(until) ? tokenEnds : until);
    }

    @POST
    @Path("logout")
    @Allowed(ConsoleRole.VIEWER)
    @Audited(AuditAction.SIGN_OUT)
    @Transactional
    public Response logout(@jakarta.ws.rs.CookieParam(ConsoleAuthentication.COOKIE) Cookie cookie) {
        sessions.revoke(cookie == null ? null : cookie.getValue());
        return Response.ok("{}").header("Set-Cookie", cookies.cleared(request)).build();
    }

    @GET
    @Path("me")
    @Allowed(ConsoleRole.VIEWER)
    public String me() {
        return view(ConsoleAuthentication.user(request)).toString();
    }

    private ApiException throttled(String address, String username) {
        throttle.failed(address, username);
        return ApiException.unauthorized("Wrong user name or password");
    }

    private Response signedIn(ConsoleUser user, Instant until) {
        String token = sessions.issue(user, until);
        return Response.ok(view(user).toString())
                .header("Set-Cookie", cookies.session(token, until, request))
                .header("Cache-Control", "no-store").build();
    }

    private static JsonObject view(ConsoleUser u) {
        return Json.createObjectBuilder().add("subject", u.subject()).add("role", u.role().wire())
                .add("source", u.source()).build();
    }

    private static String string(JsonObject json, String key, int max) {
        if (!(json.get(key) instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > max) {
            throw ApiException.badRequest(key + " must be a string of 1 to " + max + " characters");
        }
        Bodies.requireStorable(key, s.getString());
        return s.getString();
    }
}
