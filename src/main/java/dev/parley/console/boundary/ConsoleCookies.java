package dev.parley.console.boundary;

import dev.parley.console.control.ConsoleSessions;
import dev.parley.limits.control.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The console session cookie, one spelling for every way of signing in and out. */
@ApplicationScoped
class ConsoleCookies {

    /** {@code auto}: {@code Secure} when the client came over TLS (the socket, or a trusted proxy's X-Forwarded-Proto). */
    @Inject
    @ConfigProperty(name = "parley.console.cookie.secure", defaultValue = "auto")
    String secureCookie;

    @Inject
    ClientAddress clients;

    /** The cookie of a session that ends at {@code until}; a browser drops it then too. */
    String session(String token, Instant until, HttpServletRequest request) {
        long maxAge = Math.max(0, Math.min(ConsoleSessions.LIFETIME.toSeconds(), Duration.between(Instant.now(), until).toSeconds()));
        return cookie(token, maxAge, request);
    }

    String cleared(HttpServletRequest request) {
        return cookie("", 0, request);
    }

    boolean secure(HttpServletRequest request) {
        return switch (secureCookie.trim().toLowerCase(Locale.ROOT)) {
            case "true", "always" -> true;
            case "false", "never" -> false;
            default -> clients.secure(request);
        };
    }

    private String cookie(String value, long maxAge, HttpServletRequest request) {
        return ConsoleAuthentication.COOKIE + "=" + value + "; Path=/console; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict" + (secure(request) ? "; Secure" : "");
    }
}
