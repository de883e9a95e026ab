package com.example.helpdesk;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The team's WAR (Parley overlaid, its own agent, a jar of agents) on a real Liberty and PostgreSQL, over HTTP. */
class TeamWarIT {

    private static final String URL = System.getProperty("parley.url");
    private static final String KEY = System.getProperty("parley.secret.key");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", "/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the team's WAR never became ready");
    }

    @Test
    void theTeamsAgentAnswersWithItsTool() {
        String chat = createChat("helpdesk");
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append",
                message(chat, "/tool ticketStatus {\\\"ticket\\\":\\\"T-42\\\"}"));
        assertEquals(200, sent.statusCode(), sent.body());
        String out = awaitOut(chat, "turn-complete");
        assertTrue(out.contains("ticket T-42 is waiting for the customer"), "the team's tool ran: " + out);
    }

    @Test
    void theAgentOfAJarInWebInfLibAnswersWithItsTool() {
        String chat = createChat("forecast");
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append",
                message(chat, "/tool forecast {\\\"city\\\":\\\"Oslo\\\"}"));
        assertEquals(200, sent.statusCode(), sent.body());
        String out = awaitOut(chat, "turn-complete");
        assertTrue(out.contains("clear skies over Oslo"), "the jar's tool ran: " + out);
    }

    @Test
    void parleysStockDemoAgentIsThereToo() {
        String chat = createChat("demo");
        assertEquals(200, send("POST", "/realtime/v1/sessions/" + chat + "/in/append", message(chat, "ping")).statusCode());
        assertTrue(awaitOut(chat, "turn-complete").contains("ping"));
    }

    private static String createChat(String agent) {
        String chat = agent + "-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", session(agent, chat));
        assertEquals(201, created.statusCode(), created.body());
        return chat;
    }

    private static String session(String agent, String chat) {
        return """
                {"type":"chat.agent","taskIdentifier":"%s","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(agent, chat, chat);
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
            body = send("GET", "/realtime/v1/sessions/" + chat + "/out", null, "Timeout-Seconds", "2").body();
            if (body.contains(marker)) {
                return body;
            }
        }
        throw new AssertionError("no " + marker + " on " + chat + " within 60 s: " + body);
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + KEY);
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
}
