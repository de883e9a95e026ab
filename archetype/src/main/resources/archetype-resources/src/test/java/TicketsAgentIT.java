package ${package};

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
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

/**
 * This project's WAR on Open Liberty with a real PostgreSQL (both started by mvn verify), driven over HTTP as a
 * client application does: create a chat with the secret key, send a message, read the answer off the chat's output
 * stream. The model is Parley's built-in demo model, which calls a tool when asked with {@code /tool <name> <json>}.
 */
class TicketsAgentIT {

    private static final String URL = System.getProperty("parley.url");
    private static final String KEY = System.getProperty("parley.secret.key");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void serverIsReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (call("GET", "/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // Liberty is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the server did not become ready within 180 s");
    }

    @Test
    void theAgentLooksATicketUpWithItsToolAndStreamsTheAnswer() {
        String chat = startChat("tickets");

        send(chat, "/tool lookupTicket {\"id\":\"T-2\"}");

        String answer = answerOf(chat);
        assertTrue(answer.startsWith("The tool lookupTicket returned:"), answer);
        assertTrue(answer.contains("VPN drops after ten minutes"), "the tool read the Tickets bean: " + answer);
    }

    @Test
    void aPlainMessageIsAnsweredToo() {
        String chat = startChat("tickets");

        send(chat, "hello");

        assertEquals("You said: hello", answerOf(chat));
    }

    private static String startChat(String agent) {
        String chat = "chat-" + UUID.randomUUID();
        HttpResponse<String> created = call("POST", "/api/v1/sessions", """
                {"type":"chat.agent","taskIdentifier":"%s","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(agent, chat, chat));
        assertEquals(201, created.statusCode(), created.body());
        return chat;
    }

    private static void send(String chat, String text) {
        HttpResponse<String> appended = call("POST", "/realtime/v1/sessions/" + chat + "/in/append", """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s",\
                "role":"user","parts":[{"type":"text","text":%s}]}}}""".formatted(chat, UUID.randomUUID(), Json.createValue(text)));
        assertEquals(200, appended.statusCode(), appended.body());
    }

    /** The text the turn streamed: its text-delta chunks joined, read once the turn is complete. */
    private static String answerOf(String chat) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String stream = "";
        while (System.nanoTime() < deadline && !stream.contains("turn-complete")) {
            stream = call("GET", "/realtime/v1/sessions/" + chat + "/out", null, "Timeout-Seconds", "2").body();
        }
        assertTrue(stream.contains("turn-complete"), "no completed turn on " + chat + " within 60 s: " + stream);
        StringBuilder text = new StringBuilder();
        for (String line : stream.split("\n")) {
            if (!line.startsWith("data:") || !line.contains("\"records\"")) {
                continue;
            }
            for (JsonValue record : json(line.substring("data:".length())).getJsonArray("records")) {
                JsonObject r = record.asJsonObject();
                if (r.containsKey("headers") || !r.containsKey("body")) {
                    continue; // control and command records carry no chunk
                }
                JsonObject chunk = json(r.getString("body")).getJsonObject("data");
                if ("text-delta".equals(chunk.getString("type"))) {
                    text.append(chunk.getString("delta"));
                }
            }
        }
        return text.toString();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + KEY);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
