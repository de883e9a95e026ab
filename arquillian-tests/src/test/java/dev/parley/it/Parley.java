package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** The server under test, reached over real HTTP: the deployment, a client, and small helpers. */
final class Parley {

    static final String URL = System.getProperty("parley.url", "http://localhost:19080");
    static final String KEY = System.getProperty("parley.secret.key");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Parley() {
    }

    /** The real WAR, served at the root context as in production. */
    static WebArchive war() {
        return war("parley-under-test.war");
    }

    /** The same under another archive name: Arquillian needs one per deployment when a class has several. */
    static WebArchive war(String archiveName) {
        WebArchive real = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("parley.war")));
        // a name of its own: server.xml already declares an application called "parley"
        return ShrinkWrap.create(WebArchive.class, archiveName).merge(real)
                .addAsWebInfResource(new StringAsset("""
                        <web-ext xmlns="http://websphere.ibm.com/xml/ns/javaee" version="1.0"><context-root uri="/"/></web-ext>"""),
                        "ibm-web-ext.xml");
    }

    /** {@code war} with {@code properties} (lines of MicroProfile Config) after the application's own defaults. */
    static WebArchive withConfig(WebArchive war, String properties) {
        String config = "WEB-INF/classes/META-INF/microprofile-config.properties";
        String defaults;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete(config);
        return war.add(new StringAsset(defaults + "\n" + properties), config);
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) {
        return sendTo(URL, method, path, body, headers);
    }

    static HttpResponse<String> sendTo(String base, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    static String uniqueChatId() {
        return "chat-" + UUID.randomUUID();
    }

    /** Creates a chat session with the secret key; returns the created response body. */
    static JsonObject createChat(String chatId) {
        return createChat(chatId, "demo");
    }

    static JsonObject createChat(String chatId, String agent) {
        return createChat(chatId, agent, "");
    }

    /** {@code moreConfig}: further triggerConfig members as JSON text, e.g. {@code "maxDuration":1}. */
    static JsonObject createChat(String chatId, String agent, String moreConfig) {
        HttpResponse<String> r = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"%s",
                 "triggerConfig":{"basePayload":{"messages":[],"trigger":"preload","chatId":"%s"},"tags":["chat:%s"]%s}}"""
                .formatted(chatId, agent, chatId, chatId, moreConfig.isEmpty() ? "" : "," + moreConfig),
                "Authorization", bearer(KEY), "Content-Type", "application/json");
        if (r.statusCode() != 201) {
            throw new AssertionError("create failed: " + r.statusCode() + " " + r.body());
        }
        return json(r.body());
    }

    static HttpResponse<String> append(String session, String io, String body, String token, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = bearer(token);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", "/realtime/v1/sessions/" + session + "/" + io + "/append", body, all);
    }

    static String message(String chatId, String text) {
        return """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"user","parts":[{"type":"text","text":"%s"}]}}}"""
                .formatted(chatId, UUID.randomUUID(), text);
    }
}
