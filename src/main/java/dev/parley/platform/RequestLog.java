package dev.parley.platform;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One JSON line per request: method, path, status, duration and the environment. Never the Authorization header,
 * query secrets or bodies. Logged at FINE for successes and INFO for client/server errors.
 */
@Provider
@PreMatching
@jakarta.annotation.Priority(1)
public class RequestLog implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger("dev.parley.requests");
    private static final String STARTED = "parley.started";
    public static final String ENVIRONMENT = "parley.environment";

    @Override
    public void filter(ContainerRequestContext req) {
        req.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        int status = res.getStatus();
        Level level = status >= 400 ? Level.INFO : Level.FINE;
        if (!LOG.isLoggable(level)) {
            return;
        }
        Object started = req.getProperty(STARTED);
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("method", req.getMethod())
                .add("path", "/" + req.getUriInfo().getPath())
                .add("status", status);
        if (started instanceof Long t) {
            line.add("ms", (System.nanoTime() - t) / 1_000_000.0);
        }
        Object env = req.getProperty(ENVIRONMENT);
        if (env != null) {
            line.add("environment", env.toString());
        }
        LOG.log(level, line.build().toString());
    }
}
