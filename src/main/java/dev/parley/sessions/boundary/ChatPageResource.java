package dev.parley.sessions.boundary;

import dev.parley.auth.boundary.BootstrapEnvironment;
import dev.parley.auth.control.Environments;
import dev.parley.auth.control.SessionTokens;
import dev.parley.limits.control.ChatPageLimits;
import dev.parley.limits.control.ClientAddress;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.JsonValues;
import dev.parley.sessions.control.ChatSessions;
import dev.parley.sessions.control.RunClaims;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chat page at {@code /}: the AI SDK's {@code useChat} through trigger.dev's {@code TriggerChatTransport}, bundled
 * at build time. The page has no backend of its own, so when it is enabled ({@code PARLEY_CHAT_PAGE_ENABLED}, on for
 * the embedded default only) Parley plays the customer's backend: {@code POST /chat-page/api/session} starts a chat
 * with the configured agent in the default environment and returns a token for that chat alone.
 */
@Path("")
@RequestScoped
public class ChatPageResource {

    /** Page chats only: fresh random ids, so one visitor cannot ask for a token to another's chat by guessing. */
    private static final Pattern CHAT_ID = Pattern.compile("chat-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final String TAG = "chat-page";
    private static final Map<String, String> FILES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    @Inject
    ChatPageLimits limits;

    @Inject
    ClientAddress clients;

    @Context
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "parley.chat-page.agent", defaultValue = "demo")
    String agent;

    @Inject
    Environments environments;

    @Inject
    ChatSessions chats;

    @Inject
    SessionTokens tokens;

    @Inject
    RunClaims runs;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        String html = limits.enabled() ? resource("index.html").replace("{{agent}}", agent) : """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley</title>
                <link rel="stylesheet" href="/chat-page/app.css"></head><body><div class="disabled">
                <h1>Parley is running</h1>
                <p>The chat page is off on this server. It starts chats without credentials, so it is meant for the
                embedded default (<code>mvn -Pserve</code>), where it is on. Set <code>PARLEY_CHAT_PAGE_ENABLED=true</code>
                to turn it on here, or use the <a href="/console/">console</a>'s playground.</p>
                </div></body></html>""";
        return Response.ok(html).header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("chat-page/{file}")
    public Response file(@PathParam("file") String file) {
        String type = FILES.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        return Response.ok(resource(file), type).header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    /**
     * What {@code chat.createStartSessionAction} returns to the transport ({@code publicAccessToken}, {@code runId},
     * {@code sessionId}), for a page chat only: the token reads and writes this one session.
     */
    @POST
    @Transactional
    @Path("chat-page/api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public String session(InputStream body, @HeaderParam("Content-Type") String contentType,
                          @HeaderParam("Origin") String origin, @HeaderParam("Host") String host,
                          @HeaderParam("Sec-Fetch-Site") String fetchSite) {
        if (!limits.enabled()) {
            throw ApiException.of(404, "The chat page is off on this server (PARLEY_CHAT_PAGE_ENABLED)");
        }
        if (!sameOrigin(origin, host, fetchSite)) {
            // other sites must not borrow the page's credential-less chats through a visitor's browser
            throw ApiException.of(403, JsonValues.PROVIDER.createObjectBuilder()
                    .add("error", "Only the chat page served by this server may start its chats").add("code", "cross_origin"));
        }
        if (contentType == null || !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            throw ApiException.of(415, "Unsupported content type: expected application/json");
        }
        limits.admit(clients.of(request));
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        if (!(json.get("chatId") instanceof JsonString id) || !CHAT_ID.matcher(id.getString()).matches()) {
            throw ApiException.badRequest("chatId must be \"chat-\" followed by a random UUID");
        }
        String environmentId = environments.bySlug(BootstrapEnvironment.SLUG)
                .orElseThrow(() -> ApiException.of(503, "The default environment does not exist")).id();
        Session s = chats.open(environmentId, id.getString(), agent, List.of(TAG, "chat:" + id.getString()));
        if (!s.tags().contains(TAG)) {
            throw ApiException.forbiddenScope(); // a chat someone else started under this id
        }
        if (s.closed() || s.expired(Instant.now())) {
            throw ApiException.of(409, JsonValues.PROVIDER.createObjectBuilder()
                    .add("error", "This chat has ended; start a new one").add("code", "session_closed")).noRetry();
        }
        // as sessions.start does for an existing session: a crashed or finished run gets a continuation
        SessionRun run = runs.ensureLive(s, RunReason.CONTINUATION);
        return JsonValues.PROVIDER.createObjectBuilder()
                .add("publicAccessToken", tokens.mintForSession(environmentId, s.addressingKey()))
                .add("runId", run.friendlyId())
                .add("sessionId", s.friendlyId())
                .build().toString();
    }

    /** Browsers say where a request comes from; tools without those headers (curl) are let through. */
    static boolean sameOrigin(String origin, String host, String fetchSite) {
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        if (origin == null) {
            return true;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String resource(String name) {
        try (InputStream in = ChatPageResource.class.getResourceAsStream("/web/chat/" + name)) {
            if (in == null) {
                throw new NotFoundException();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
