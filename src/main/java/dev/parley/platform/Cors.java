package dev.parley.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS as the official browser clients need it (wire rule W2): preflights answered with 200 {}, and every response —
 * errors and 413s included — carries the allow-origin and expose headers, so a browser sees the real status.
 */
@Provider
@PreMatching
@jakarta.annotation.Priority(10)
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String EXPOSE = "x-trigger-jwt,x-trigger-jwt-claims,X-Stream-Version,X-Session-Settled,"
            + "x-should-retry,x-ratelimit-limit,x-ratelimit-remaining,x-ratelimit-reset,ETag";

    @Override
    public void filter(ContainerRequestContext req) {
        if ("OPTIONS".equals(req.getMethod())) {
            Response.ResponseBuilder r = Response.ok("{}", MediaType.APPLICATION_JSON_TYPE)
                    .header("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
                    .header("Access-Control-Max-Age", "300");
            String requested = req.getHeaderString("Access-Control-Request-Headers");
            if (requested != null && !requested.isBlank()) {
                r.header("Access-Control-Allow-Headers", requested);
            }
            req.abortWith(r.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        apply(req.getHeaderString("Origin"), res.getHeaders());
    }

    public static void apply(String origin, MultivaluedMap<String, Object> headers) {
        headers.putSingle("Access-Control-Allow-Origin", origin == null || origin.isBlank() ? "*" : origin);
        if (origin != null && !origin.isBlank()) {
            headers.putSingle("Vary", "Origin");
        }
        headers.putSingle("Access-Control-Expose-Headers", EXPOSE);
    }
}
