package dev.parley.platform;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A request the JAX-RS runtime cannot even read is the client's error, answered 400 in the documented shape before
 * anything else looks at it: a malformed percent escape in the path or query ({@code %ZZ}, a lone {@code %}), or a
 * {@code Content-Type} or {@code Accept} header that does not parse ({@code garbage}, {@code x/y;q=abc}). Left to
 * the runtime, each fails deep in parameter decoding or content negotiation and would answer 500.
 */
@Provider
@PreMatching
@Priority(2) // after RequestLog, before Authentication and every other filter that reads the URI or the headers
public class RequestSyntax implements ContainerRequestFilter {

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext req) {
        if (!wellFormedEscapes(request.getRequestURI()) || !wellFormedEscapes(request.getQueryString())) {
            refuse(req, "Malformed percent escape in the request URI");
            return;
        }
        try {
            req.getMediaType();
        } catch (RuntimeException e) {
            refuse(req, "Malformed Content-Type header");
            return;
        }
        try {
            req.getAcceptableLanguages();
            for (MediaType accepted : req.getAcceptableMediaTypes()) {
                weight(accepted.getParameters().get("q"));
            }
        } catch (RuntimeException e) {
            refuse(req, "Malformed Accept or Accept-Language header");
        }
    }

    /** The runtime reads {@code q} only when it matches a resource, and fails there on anything but a weight. */
    private static void weight(String q) {
        if (q != null) {
            float w = Float.parseFloat(q);
            if (!(w >= 0 && w <= 1)) {
                throw new IllegalArgumentException("q out of range: " + q);
            }
        }
    }

    private static void refuse(ContainerRequestContext req, String error) {
        req.abortWith(new ApiExceptionMapper().toResponse(ApiException.badRequest(error)));
    }

    /** Every {@code %} is followed by two hex digits. */
    static boolean wellFormedEscapes(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
