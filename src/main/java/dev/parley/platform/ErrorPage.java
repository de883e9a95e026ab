package dev.parley.platform;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's own errors answer in the documented JSON shape too, and show no stack frames: a request URI
 * Liberty refuses before any resource runs (an encoded dot or slash, a malformed escape), an exception escaping a
 * filter, a 404 outside JAX-RS. web.xml's default error page sends every one of them here. Errors the application
 * answers itself (ApiException and the JAX-RS mappers) carry a body already and never get here.
 */
@WebServlet(ErrorPage.PATH)
public class ErrorPage extends HttpServlet {

    static final String PATH = "/_error";

    private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t && status >= 500) {
            LOG.log(Level.SEVERE, "unexpected failure outside the application's resources", t);
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.createObjectBuilder().add("error", reason(status)).build().toString());
    }

    static String reason(int status) {
        if (status == 404) {
            return "Not found";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status >= 500 ? "Internal Server Error" : "Error";
    }
}
