package dev.parley.sessions.boundary;

import dev.parley.auth.boundary.BootstrapEnvironment;
import dev.parley.auth.control.Environments;
import dev.parley.auth.control.SessionTokens;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.JsonValues;
import dev.parley.sessions.control.ChatSessions;
import dev.parley.sessions.entity.Session;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    @ConfigProperty(name = "parley.chat-page.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "parley.chat-page.agent", defaultValue = "demo")
    String agent;

    @Inject
    Environments environments;

    @Inject
    ChatSessions chats;

    @Inject
    SessionTokens tokens;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        String html = enabled ? resource("index.html").replace("{{agent}}", agent) : """
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

    @POST
    @Path("chat-page/api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public String session(InputStream body, @HeaderParam("Content-Type") String contentType) {
        if (!enabled) {
            throw ApiException.of(404, "The chat page is off on this server (PARLEY_CHAT_PAGE_ENABLED)");
        }
        Bodies.requireJsonContentType(contentType);
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        if (!(json.get("chatId") instanceof JsonString id) || !CHAT_ID.matcher(id.getString()).matches()) {
            throw ApiException.badRequest("chatId must be \"chat-\" followed by a random UUID");
        }
        String environmentId = environments.bySlug(BootstrapEnvironment.SLUG)
                .orElseThrow(() -> ApiException.of(503, "The default environment does not exist")).id();
        Session s = chats.open(environmentId, id.getString(), agent, List.of(TAG));
        if (!s.tags().contains(TAG)) {
            throw ApiException.forbiddenScope(); // a chat someone else started under this id
        }
        return JsonValues.PROVIDER.createObjectBuilder()
                .add("publicAccessToken", tokens.mintForSession(environmentId, s.addressingKey()))
                .add("sessionId", s.friendlyId())
                .build().toString();
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
