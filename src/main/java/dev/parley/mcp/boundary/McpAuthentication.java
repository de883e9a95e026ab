package dev.parley.mcp.boundary;

import dev.parley.auth.control.Callers;
import dev.parley.platform.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every MCP request carries a secret key or an environment-scoped token, as the REST API does: without a valid one
 * the request ends in 401 before the transport sees it (a client learns nothing about sessions or tools). What the
 * caller may do is checked per tool call.
 */
final class McpAuthentication extends HttpFilter {

    static final String CALLER = "parley.mcp.caller";

    private final transient Callers callers;

    McpAuthentication(Callers callers) {
        this.callers = callers;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        try {
            req.setAttribute(CALLER, callers.resolve(req.getHeader("Authorization")));
        } catch (ApiException e) {
            res.setStatus(401);
            res.setHeader("WWW-Authenticate", "Bearer");
            res.setContentType("application/json");
            String message = e.getMessage();
            res.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":"
                    + jsonString(message + ": send a Parley secret key or an environment token as a Bearer credential")
                    + "}}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(req, res);
    }

    private static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
