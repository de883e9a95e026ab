package dev.parley.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Chats with the demo agent over HTTP on a chosen node, and their answers read back off {@code .out}. */
final class Chats {

    static final String KEY = "tr_test_clusterSecretKey0123456789abcdefghijk";

    private Chats() {
    }

    /** One answered turn: the {@code .in} seq it answers, its text, and the message ids it streamed into. */
    record Answer(long inSeq, String text, Set<String> messageIds) {
    }

    /** Creates a demo chat through {@code node}, preloaded: its first run is taken by that node. */
    static void create(Node node, String chat) {
        HttpResponse<String> r = send(node, "/api/v1/sessions", """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo",
                 "triggerConfig":{"basePayload":{"trigger":"preload","chatId":"%s"}}}""".formatted(chat, chat));
        if (r.statusCode() != 201) {
            throw new AssertionError("create " + chat + " on " + node + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Sends a user message through {@code node}; returns its {@code .in} seq. */
    static long say(Node node, String chat, String text) {
        HttpResponse<String> r = send(node, "/realtime/v1/sessions/" + chat + "/in/append", """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"user",
                 "parts":[{"type":"text","text":"%s"}]}}}""".formatted(chat, UUID.randomUUID(), text));
        if (r.statusCode() != 200) {
            throw new AssertionError("append to " + chat + " on " + node + ": " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).getJsonNumber("seq").longValue();
    }

    /** The chat's answered turns, in order. */
    static List<Answer> answers(String chat) {
        List<Answer> answers = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Set<String> ids = new LinkedHashSet<>();
        for (String[] record : Db.out(chat)) {
            if (record[0] == null) {
                JsonObject chunk = json(record[1]).getJsonObject("data");
                switch (chunk.getString("type")) {
                    case "start" -> ids.add(chunk.getString("messageId"));
                    case "text-delta" -> text.append(chunk.getString("delta"));
                    default -> {
                    }
                }
            } else if ("turn-complete".equals(header(record[0], "trigger-control"))) {
                answers.add(new Answer(Long.parseLong(header(record[0], "session-in-event-id")), text.toString(), Set.copyOf(ids)));
                text.setLength(0);
                ids.clear();
            }
        }
        return answers;
    }

    /** Waits until the chat has answered {@code inSeq} (a bound on a hang, not a timing assertion). */
    static Answer awaitAnswer(String chat, long inSeq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            for (Answer a : answers(chat)) {
                if (a.inSeq() == inSeq) {
                    return a;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(chat + " never answered .in " + inSeq + "; runs " + str(Db.runs(chat)) + ", takes " + str(Db.takes(chat)));
    }

    static String str(List<String[]> rows) {
        return rows.stream().map(r -> String.join("|", r)).toList().toString();
    }

    private static String header(String headers, String name) {
        try (JsonReader r = Json.createReader(new StringReader(headers))) {
            JsonArray all = r.readArray();
            for (JsonValue h : all) {
                if (name.equals(h.asJsonArray().getString(0))) {
                    return h.asJsonArray().getString(1);
                }
            }
            return null;
        }
    }

    private static HttpResponse<String> send(Node node, String path, String body) {
        try {
            return Node.HTTP.send(HttpRequest.newBuilder(URI.create(node.url + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " on " + node + " failed", e);
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
