package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.Actor;
import dev.parley.audit.entity.AuditAction;
import dev.parley.console.control.ConsoleSessions;
import dev.parley.console.control.OidcRefusal;
import dev.parley.console.control.OidcSignIns;
import dev.parley.console.control.OidcTokens;
import dev.parley.console.control.SsoRoles;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.console.entity.ConsoleUser;
import dev.parley.console.entity.OidcSignInStart;
import dev.parley.limits.control.ClientAddress;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * The callback half of the console's browser sign-in, audited like the other sign-ins. The pending sign-in is taken
 * first, in a transaction of its own, so its state is spent whatever happens next; the session is issued last, as the
 * SSO token exchange does: source {@code sso}, ending with the ID token and at most {@code parley.console.sso.session.max}
 * after sign-in. A refusal is an {@link ApiException} whose body's {@code code} is the {@link OidcRefusal#reason()}.
 */
@RequestScoped
public class OidcSignIn {

    @Inject
    OidcSignIns pending;

    @Inject
    OidcTokens tokens;

    @Inject
    SsoRoles ssoRoles;

    @Inject
    ConsoleSessions sessions;

    @Inject
    ClientAddress clients;

    @Inject
    AuditContext audit;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "parley.console.sso.session.max", defaultValue = "PT1H")
    Duration ssoSessionMax;

    /** A console session's token, when it ends, and the console path the browser asked to land on. */
    record Done(String token, Instant until, String returnTo) {
    }

    @Audited(AuditAction.SIGN_IN)
    @Transactional
    public Done complete(String state, String code, boolean idpRefused, String browser) {
        audit.detail("method", "oidc").detail("client", clients.of(request));
        try {
            OidcSignInStart start = (state == null ? java.util.Optional.<OidcSignInStart>empty() : pending.take(state, browser))
                    .orElseThrow(() -> new OidcRefusal("state", "The sign-in was not started here, has expired or was already used"));
            if (idpRefused) {
                throw new OidcRefusal("denied", "The identity provider did not sign the user in");
            }
            if (code == null) {
                throw new OidcRefusal("exchange", "The identity provider's answer has no code");
            }
            OidcTokens.Verified who = tokens.redeem(code, start);
            audit.actor(new Actor(Actor.Kind.SSO, who.subject()));
            ConsoleRole role = ssoRoles.roleOf(who.groups())
                    .orElseThrow(() -> new OidcRefusal("role", "This identity has no console role"));
            audit.detail("role", role.wire());
            Instant latest = Instant.now().plus(ssoSessionMax);
            Instant until = who.expires().isBefore(latest) ? who.expires() : latest;
            String token = sessions.issue(new ConsoleUser(who.subject(), role, "sso"), until);
            return new Done(token, until, start.returnTo());
        } catch (OidcRefusal r) {
            throw ApiException.of(status(r.reason()), Json.createObjectBuilder().add("error", r.getMessage())
                    .add("code", r.reason()));
        }
    }

    private static int status(String reason) {
        return switch (reason) {
            case "role" -> 403;
            case "token", "denied" -> 401;
            case "exchange", "idp" -> 502;
            case "off" -> 404;
            default -> 400;
        };
    }
}
