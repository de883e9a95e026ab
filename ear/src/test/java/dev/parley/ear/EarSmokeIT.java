package dev.parley.ear;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EAR on a real Liberty and PostgreSQL: the same smoke path a WAR deployment serves. */
class EarSmokeIT {

    private static final String URL = System.getProperty("parley.url");
    private static final String KEY = System.getProperty("parley.secret.key");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", "/health/ready", null, false).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the EAR deployment never became ready");
    }

    @Test
    void healthChecksTheDatabaseAndMessaging() {
        HttpResponse<String> r = send("GET", "/health/ready", null, false);
        assertEquals(200, r.statusCode());
        assertEquals("UP", json(r.body()).getString("status"));
        // the checks come in no fixed order (there is also parley-notifications)
        JsonObject data = json(r.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("parley")).findFirst().orElseThrow().getJsonObject("data");
        assertEquals("UP", data.getString("database"), r.body());
        assertEquals("UP", data.getString("messaging"), r.body());
    }

    @Test
    void aSessionIsCreatedAppendedToAndStreamedBack() {
        String chat = "ear-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions",
                """
                {"type":"chat.agent","taskIdentifier":"demo","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, chat), true);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject session = json(created.body());
        assertEquals(chat, session.getString("externalId"));
        assertTrue(session.getString("id").startsWith("session_"), created.body());
        assertTrue(session.getString("publicAccessToken").split("\\.").length == 3, "a JWT session token");

        HttpResponse<String> appended = send("POST", "/realtime/v1/sessions/" + chat + "/out/append",
                "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"hello\"}", true);
        assertEquals(200, appended.statusCode(), appended.body());
        assertEquals(0, json(appended.body()).getInt("seq"));

        HttpResponse<String> sse = send("GET", "/realtime/v1/sessions/" + chat + "/out", null, true, "Timeout-Seconds", "1");
        assertEquals(200, sse.statusCode());
        assertEquals("v2", sse.headers().firstValue("X-Stream-Version").orElse(null));
        assertTrue(sse.body().contains("event: batch"), sse.body());
        assertTrue(sse.body().contains("hello"), sse.body());
        assertTrue(sse.body().contains("data: [DONE]"), sse.body());
    }

    @Test
    void theDemoAgentAnswersAMessage() {
        // a run starts only if the run queue's MDB is bound (its activation spec is named after the EAR)
        String chat = createChat("demo");
        assertEquals(200, send("POST", "/realtime/v1/sessions/" + chat + "/in/append", message(chat, "ping"), true).statusCode());
        assertTrue(awaitOut(chat, "turn-complete").contains("ping"));
    }

    @Test
    void requestsWithoutCredentialsAreRejected() {
        assertEquals(401, send("GET", "/api/v1/sessions", null, false).statusCode());
    }

    private static String createChat(String agent) {
        String chat = agent + "-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions",
                """
                {"type":"chat.agent","taskIdentifier":"%s","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(agent, chat, chat), true);
        assertEquals(201, created.statusCode(), created.body());
        return chat;
    }

    private static String message(String chat, String text) {
        return """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"user",\
                "parts":[{"type":"text","text":"%s"}]}}}""".formatted(chat, UUID.randomUUID(), text);
    }

    /** The chat's output stream once it holds {@code marker}, read again until a deadline. */
    private static String awaitOut(String chat, String marker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send("GET", "/realtime/v1/sessions/" + chat + "/out", null, true, "Timeout-Seconds", "2").body();
            if (body.contains(marker)) {
                return body;
            }
        }
        throw new AssertionError("no " + marker + " on " + chat + " within 60 s: " + body);
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean auth, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Bearer " + KEY);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
