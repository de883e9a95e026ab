package dev.parley.platform;

import jakarta.json.Json;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that is not an {@link ApiException} still leaves in the documented JSON error shape;
 * unexpected failures are logged (without request bodies or credentials) and answered with a generic 500.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable t) {
        ApiException api = unwrap(t);
        if (api != null) {
            return new ApiExceptionMapper().toResponse(api);
        }
        if (t instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            String error = switch (wae) {
                case NotFoundException nf -> "Not found";
                case NotAllowedException na -> "Method not allowed";
                case NotSupportedException ns -> "Unsupported content type";
                default -> Response.Status.fromStatusCode(status) != null
                        ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
            };
            Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.createObjectBuilder().add("error", error).build().toString());
            wae.getResponse().getHeaders().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Content-Type")) {
                    v.forEach(val -> r.header(k, val));
                }
            });
            return r.build();
        }
        LOG.log(Level.SEVERE, "unexpected failure", t);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", "Internal Server Error").build().toString()).build();
    }

    private static ApiException unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }
}
