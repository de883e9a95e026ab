package dev.parley.console.boundary;

import dev.parley.platform.ApiException;
import dev.parley.platform.ApiExceptionMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery guard of every state-changing {@code /console/api} request, sign-in included. The console
 * cookie is {@code SameSite=Strict}, but that alone leaves older browsers and same-site subdomains; so a state change
 * must also carry something a cross-site form cannot send without a CORS preflight (which is never granted
 * credentials): a JSON content type, the console's {@code X-Parley-Console} header, or an {@code Authorization}
 * header. Requests a browser marks as cross-site, or whose {@code Origin} is not this server, are refused outright.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ConsoleCsrf implements ContainerRequestFilter {

    public static final String HEADER = "X-Parley-Console";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext req) {
        Class<?> type = resource.getResourceClass();
        Path path = type == null ? null : type.getAnnotation(Path.class);
        if (path == null || !path.value().startsWith("console/api") || SAFE.contains(req.getMethod())) {
            return;
        }
        if (!req.getCookies().containsKey(ConsoleAuthentication.COOKIE)) {
            // no cookie, no ambient authority to forge: the route answers 401 itself, and the sign-ins need a JSON
            // body (local) or an Authorization header (SSO) anyway
            return;
        }
        // HTTP/2 has no Host header (its :authority becomes the request URI's), so the authority comes from the URI
        String host = req.getHeaderString("Host") != null ? req.getHeaderString("Host")
                : req.getUriInfo().getRequestUri().getRawAuthority();
        if (!allowed(req.getHeaderString("Sec-Fetch-Site"), req.getHeaderString("Origin"), host,
                req.getHeaderString("Content-Type"), req.getHeaderString(HEADER), req.getHeaderString("Authorization"))) {
            req.abortWith(new ApiExceptionMapper().toResponse(ApiException.of(403, Json.createObjectBuilder()
                    .add("error", "Console changes need a JSON body or the " + HEADER + " header, from the console's own origin")
                    .add("code", "csrf"))));
        }
    }

    static boolean allowed(String fetchSite, String origin, String host, String contentType, String consoleHeader,
                           String authorization) {
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        if (origin != null && !sameAuthority(origin, host)) {
            return false;
        }
        return json(contentType) || (consoleHeader != null && !consoleHeader.isBlank())
                || (authorization != null && !authorization.isBlank());
    }

    private static boolean sameAuthority(String origin, String host) {
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }
}
