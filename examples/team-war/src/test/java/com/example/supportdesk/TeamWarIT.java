package com.example.supportdesk;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The support desk's WAR (Parley overlaid, the desk's agents, tables and migrations, a jar of agents) on a real
 * Liberty and PostgreSQL, over HTTP. The {@code default} model is Parley's demo model, which calls the tool a
 * {@code /tool <name> <json>} message names, so every answer here is deterministic.
 */
class TeamWarIT {

    private static final String URL = System.getProperty("parley.url");
    private static final String KEY = System.getProperty("parley.secret.key");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonObject ANN = Json.createObjectBuilder().add("customerId", "cus-ann").add("plan", "pro").build();

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
    void theSupportAgentReadsAnOrderTheDesksMigrationSeeded() {
        String chat = createChat("support");
        say(chat, "/tool lookupOrder {\"orderId\":\"O-1001\"}", ANN);

        JsonObject order = output(awaitTurns(chat, 1), "lookupOrder");
        assertEquals("Trail running shoes", order.getString("item"), order.toString());
        assertEquals(12900, order.getInt("totalCents"));
    }

    @Test
    void anApprovedRefundIsWrittenToTheDesksTablesAndReadBack() {
        String chat = createChat("support");
        say(chat, "/tool lookupOrder {\"orderId\":\"O-1002\"}", ANN);
        long refundedBefore = output(awaitTurns(chat, 1), "lookupOrder").getJsonNumber("refundedCents").longValue();

        say(chat, "/tool refund {\"orderId\":\"O-1002\",\"cents\":1500,\"reason\":\"zip broke\"}", ANN);
        List<JsonObject> asked = awaitTurns(chat, 2);
        JsonObject request = asked.stream().filter(c -> "tool-approval-request".equals(c.getString("type")))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no approval request: " + asked));
        String messageId = asked.stream().filter(c -> "start".equals(c.getString("type"))).reduce((a, b) -> b)
                .orElseThrow().getString("messageId");
        assertTrue(asked.stream().noneMatch(c -> "tool-output-available".equals(c.getString("type"))
                && c.getString("toolCallId").equals(request.getString("toolCallId"))), "not refunded before approval");

        append(chat, """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","metadata":%s,"message":{"id":"%s",
                 "role":"assistant","parts":[{"type":"tool-refund","toolCallId":"%s","state":"approval-responded",
                 "approval":{"id":"%s","approved":true}}]}}}"""
                .formatted(chat, ANN, messageId, request.getString("toolCallId"), request.getString("approvalId")));
        JsonObject receipt = output(awaitTurns(chat, 3), "refund");
        assertEquals(1500, receipt.getInt("cents"), receipt.toString());
        assertTrue(receipt.getJsonNumber("refundId").longValue() > 0, "a row of support_desk.refunds");

        say(chat, "/tool lookupOrder {\"orderId\":\"O-1002\"}", ANN);
        JsonObject after = output(awaitTurns(chat, 4), "lookupOrder");
        assertEquals(refundedBefore + 1500, after.getJsonNumber("refundedCents").longValue(), after.toString());
    }

    @Test
    void aTicketIsAnnouncedAsADataPartAndTheUndoActionWithdrawsIt() {
        String chat = createChat("support");
        say(chat, "/tool openTicket {\"subject\":\"Replace torn shoes\"}", ANN);
        JsonObject opened = ticketPart(awaitTurns(chat, 1));
        assertEquals("open", opened.getString("status"), opened.toString());

        action(chat, Json.createObjectBuilder().add("type", "undo").build());
        List<JsonObject> undone = awaitTurns(chat, 2);
        assertEquals(opened.getString("number"), ticketPart(undone).getString("number"));
        assertEquals("withdrawn", ticketPart(undone).getString("status"));

        action(chat, Json.createObjectBuilder().add("type", "redo").build());
        List<JsonObject> refused = awaitTurns(chat, 3);
        assertTrue(refused.stream().anyMatch(c -> "text-delta".equals(c.getString("type"))
                && c.getString("delta").startsWith("Unknown action redo")), "an unknown action is named: " + refused);
        assertEquals(2, refused.stream().filter(c -> "data-ticket".equals(c.getString("type"))).count(),
                "the unknown action changed no ticket");
    }

    @Test
    void billingQuestionsAreAnsweredByTheBillingAgentsOwnChat() {
        String chat = createChat("support");
        say(chat, "/tool askBilling {\"task\":\"Was O-1001 charged twice?\"}", ANN);

        JsonObject answer = output(awaitTurns(chat, 1), "askBilling");
        assertEquals("billing", answer.getString("agent"), answer.toString());
        assertEquals("You said: Was O-1001 charged twice?", answer.getString("text"));
    }

    @Test
    void theAgentOfAJarInWebInfLibAnswersWithItsTool() {
        String chat = createChat("forecast");
        say(chat, "/tool forecast {\"city\":\"Oslo\"}", null);
        assertEquals("clear skies over Oslo", output(awaitTurns(chat, 1), "forecast").getString("sky"));
    }

    @Test
    void parleysStockDemoAgentIsThereToo() {
        String chat = createChat("demo");
        say(chat, "ping", null);
        assertTrue(awaitTurns(chat, 1).stream().anyMatch(c -> "text-delta".equals(c.getString("type"))
                && c.getString("delta").contains("ping")));
    }

    private static String createChat(String agent) {
        String chat = agent + "-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","taskIdentifier":"%s","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(agent, chat, chat));
        assertEquals(201, created.statusCode(), created.body());
        return chat;
    }

    private static void say(String chat, String text, JsonObject clientData) {
        var payload = Json.createObjectBuilder().add("chatId", chat).add("trigger", "submit-message")
                .add("message", Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("role", "user")
                        .add("parts", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text")
                                .add("text", text))));
        if (clientData != null) {
            payload.add("metadata", clientData);
        }
        append(chat, Json.createObjectBuilder().add("kind", "message").add("payload", payload).build().toString());
    }

    private static void action(String chat, JsonObject action) {
        append(chat, Json.createObjectBuilder().add("kind", "message").add("payload", Json.createObjectBuilder()
                .add("chatId", chat).add("trigger", "action").add("action", action).add("metadata", ANN)).build().toString());
    }

    /** The last {@code data-ticket} part among the chunks. */
    private static JsonObject ticketPart(List<JsonObject> chunks) {
        return chunks.stream().filter(c -> "data-ticket".equals(c.getString("type"))).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no data-ticket part: " + chunks)).getJsonObject("data");
    }

    private static void append(String chat, String input) {
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", input);
        assertEquals(200, sent.statusCode(), sent.body());
    }

    /**
     * The chunks on the chat's output once {@code turns} turns have completed: the stream is read as it arrives and
     * left as soon as the last of them is there, so no test waits out a poll interval.
     */
    private static List<JsonObject> awaitTurns(String chat, int turns) {
        HttpRequest read = HttpRequest.newBuilder(URI.create(URL + "/realtime/v1/sessions/" + chat + "/out"))
                .timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + KEY)
                .header("Timeout-Seconds", "60").GET().build();
        List<JsonObject> chunks = new ArrayList<>();
        int completed = 0;
        try (Stream<String> lines = HTTP.send(read, HttpResponse.BodyHandlers.ofLines()).body()) {
            Iterator<String> it = lines.iterator();
            while (completed < turns && it.hasNext()) {
                String line = it.next();
                if (!line.startsWith("data:") || !line.contains("\"records\"")) {
                    continue;
                }
                for (JsonValue r : json(line.substring(5)).getJsonArray("records")) {
                    JsonObject record = r.asJsonObject();
                    if (isTurnComplete(record)) {
                        completed++;
                    } else if (!record.containsKey("headers") && json(record.getString("body")).get("data")
                            instanceof JsonObject chunk) {
                        chunks.add(chunk);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading " + chat + "'s output failed", e);
        }
        if (completed < turns) {
            throw new AssertionError(completed + " of " + turns + " turns on " + chat + " within 60 s: " + chunks);
        }
        return chunks;
    }

    private static boolean isTurnComplete(JsonObject record) {
        return record.containsKey("headers") && record.getJsonArray("headers").stream()
                .anyMatch(h -> h.asJsonArray().getString(0).equals("trigger-control")
                        && h.asJsonArray().getString(1).equals("turn-complete"));
    }

    /** The output of the last call of {@code tool} among the chunks. */
    private static JsonObject output(List<JsonObject> chunks, String tool) {
        Predicate<JsonObject> input = c -> "tool-input-available".equals(c.getString("type"))
                && tool.equals(c.getString("toolName"));
        String callId = chunks.stream().filter(input).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no call of " + tool + ": " + chunks)).getString("toolCallId");
        return chunks.stream().filter(c -> "tool-output-available".equals(c.getString("type"))
                        && callId.equals(c.getString("toolCallId")) && !c.getBoolean("preliminary", false))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError(tool + " gave no output: " + chunks))
                .getJsonObject("output");
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
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
