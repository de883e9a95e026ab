package dev.parley.console.boundary;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the console's static files from {@code src/main/webapp/console} (the JAX-RS application owns {@code /*}, so
 * the container's file servlet never sees these paths). Plain ES modules; nothing is fetched from a network.
 * Unknown non-file paths get {@code index.html}, so the console's hash-free page routes survive a reload.
 */
@Path("console")
public class ConsoleAssets {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,120}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon");

    @Context
    ServletContext servlet;

    @Context
    UriInfo uri;

    /** JAX-RS matches {@code /console} and {@code /console/} alike; relative URLs in the page need the slash. */
    @GET
    public Response root() {
        if (uri.getRequestUri().getPath().endsWith("/")) {
            return file("index.html");
        }
        return Response.seeOther(URI.create("/console/")).build();
    }

    @GET
    @Path("{file: (?!api/).*}")
    public Response file(@PathParam("file") String file) {
        String path = file == null || file.isEmpty() ? "index.html" : file;
        if (!SAFE.matcher(path).matches() || path.contains("..")) {
            throw new NotFoundException();
        }
        int dot = path.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1));
        if (type == null) {
            path = "index.html";
            type = TYPES.get("html");
        }
        InputStream in = servlet.getResourceAsStream("/console/" + path);
        if (in == null) {
            throw new NotFoundException();
        }
        return Response.ok(in, type).header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff").build();
    }
}
