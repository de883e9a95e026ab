package dev.parley.limits.boundary;

import dev.parley.limits.control.AbuseLimits;
import dev.parley.limits.control.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.SseEventSink;

/** The open-stream limits of an SSE route: a stream holds its slots until its sink is closed. */
@ApplicationScoped
public class OpenStreams {

    @Inject
    AbuseLimits limits;

    @Inject
    ClientAddress clients;

    /** Call before the stream's headers are sent, so a refusal is still an ordinary 429 response. */
    public void admit(HttpServletRequest request, SseEventSink sink) {
        limits.admitStream(clients.of(request), request.getHeader("Authorization"), sink::isClosed);
    }
}
