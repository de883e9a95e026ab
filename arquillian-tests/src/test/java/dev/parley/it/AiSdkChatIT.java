package dev.parley.it;

import dev.parley.it.probe.HookLog;
import dev.parley.it.probe.ProbeAgent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Decision D17 over real HTTP: the AI SDK's {@code DefaultChatTransport} endpoints {@code POST /api/chat/{agent}} and
 * {@code GET /api/chat/{agent}/{chat}/stream}, on the same sessions as the trigger.dev protocol.
 */
@ExtendWith(ArquillianExtension.class)
class AiSdkChatIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProbeAgent.class, ProbeAgent.Counter.class, HookLog.class);
    }

    @Test
    void sendAnswersAUiMessageStreamAndKeepsOnlyTheNewMessage() {
        String chat = uniqueChatId();
        String u1 = user("hello there");
        SseClient.Result first = post("demo", body(chat, "submit-message", u1), KEY);
        assertEquals(200, first.status());
        assertTrue(first.header("content-type").startsWith("text/event-stream"), first.header("content-type"));
        assertEquals("no-cache", first.header("cache-control"));
        assertEquals("v1", first.header("x-vercel-ai-ui-message-stream"));
        assertEquals("no", first.header("x-accel-buffering"));
        List<JsonObject> chunks = chunks(first);
        assertEquals("start", chunks.get(0).getString("type"));
        assertEquals("finish", chunks.getLast().getString("type"));
        assertEquals("You said: hello there", text(chunks));
        assertTrue(first.done(), "the stream ends with [DONE]");

        JsonObject session = json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body());
        assertEquals("demo", session.getString("taskIdentifier"), "the chat is a session of the agent in the URL");
        String assistant = assistantMessage(chunks.get(0).getString("messageId"), "You said: hello there");
        SseClient.Result second = post("demo", body(chat, "submit-message", u1, assistant, user("and again")), KEY);
        assertEquals("You said: and again", text(chunks(second)), "only the turn that answers the new message");
        assertFalse(chunks(second).get(0).getString("messageId").equals(chunks.get(0).getString("messageId")));

        JsonArray in = json(send("GET", "/realtime/v1/sessions/" + chat + "/in/records", null, "Authorization", bearer(KEY)).body())
                .getJsonArray("records");
        assertEquals(2, in.size(), "one .in record per send, not the whole history: " + in);
        JsonObject appended = json(in.getJsonObject(1).getString("data"));
        assertEquals("submit-message", appended.getJsonObject("payload").getString("trigger"));
        assertEquals("and again", appended.getJsonObject("payload").getJsonObject("message").getJsonArray("parts")
                .getJsonObject(0).getString("text"));
    }

    @Test
    void theSessionKeepsTheConversationEditsAndRegeneratesCutItBack() {
        String chat = uniqueChatId();
        String u1 = user("one");
        List<JsonObject> first = chunks(post("it-probe", body(chat, "submit-message", u1), KEY));
        assertTrue(text(first).contains("history=1 "), text(first));
        String a1 = assistantMessage(first.get(0).getString("messageId"), text(first));
        String u2 = user("two");
        List<JsonObject> second = chunks(post("it-probe", body(chat, "submit-message", u1, a1, u2), KEY));
        assertTrue(text(second).contains("history=3 "), "the history sent along is not added twice: " + text(second));
        String regenerate = body(chat, "regenerate-message", u1).replaceFirst("\\{",
                "{\"messageId\":\"" + first.get(0).getString("messageId") + "\",");
        List<JsonObject> again = chunks(post("it-probe", regenerate, KEY));
        assertTrue(text(again).contains("history=1 "), "regenerating the first answer drops what followed it: " + text(again));
        String a1b = assistantMessage(again.get(0).getString("messageId"), text(again));
        chunks(post("it-probe", body(chat, "submit-message", u1, a1b, u2), KEY));
        String u1Id = json(u1).getString("id");
        String edited = "{\"id\":\"" + u1Id + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"one, edited\"}]}";
        String edit = body(chat, "submit-message", edited).replaceFirst("\\{", "{\"messageId\":\"" + u1Id + "\",");
        List<JsonObject> afterEdit = chunks(post("it-probe", edit, KEY));
        assertTrue(text(afterEdit).contains("history=1 "), "an edit of the first message replaces the conversation after it: "
                + text(afterEdit));
    }

    @Test
    void extraBodyFieldsAreTheAgentsClientData() {
        String chat = uniqueChatId();
        String body = body(chat, "submit-message", user("pick a model")).replaceFirst("\\{", "{\"model\":\"no-such-model\",");
        List<JsonObject> chunks = chunks(post("demo", body, KEY));
        String shown = chunks.stream().filter(c -> c.getString("type").equals("error")).findFirst().orElseThrow().getString("errorText");
        assertTrue(ServerLog.entry(ServerLog.errorId(shown)).contains("no-such-model"), "the demo agent saw metadata.model: " + chunks);
    }

    @Test
    void regenerateDropsTheLastAnswerAndAnswersAgain() {
        String chat = uniqueChatId();
        String u1 = user("say it twice");
        String firstId = chunks(post("demo", body(chat, "submit-message", u1), KEY)).get(0).getString("messageId");
        List<JsonObject> again = chunks(post("demo", body(chat, "regenerate-message", u1).replaceFirst("\\{",
                "{\"messageId\":\"" + firstId + "\","), KEY));
        assertEquals("You said: say it twice", text(again));
        assertFalse(firstId.equals(again.get(0).getString("messageId")), "a new answer replaces the old one");
    }

    @Test
    void aMessageSentWhileATurnStreamsGetsItsOwnTurn() throws Exception {
        String chat = uniqueChatId();
        String longText = words(60);
        CompletableFuture<SseClient.Result> first = CompletableFuture.supplyAsync(
                () -> post("demo", body(chat, "submit-message", user(longText)), KEY));
        awaitStreaming(chat);
        SseClient.Result second = post("demo", body(chat, "submit-message", user("queued")), KEY);
        assertEquals("You said: queued", text(chunks(second)), "the queued message's stream skips the turn before it");
        assertEquals("You said: " + longText, text(chunks(first.get())), "the first turn is whole");
    }

    @Test
    void moreNewChatsAtOnceThanTheDatabasePoolHasConnectionsAllGetTheirAnswers() throws Exception {
        // 60 streams open together, above the pool's 50 connections: a chat request that kept a pooled connection
        // until its stream closed left the turns none, and chats failed after the 30 s connection timeout. Each on a
        // connection of its own (HTTP/1.1), as browsers and the AI SDK send them; 60 streams multiplexed on one h2c
        // connection are another matter (docs/benchmarks.md, hot path).
        String text = words(30);
        List<SseClient.Result> answers = new java.util.ArrayList<>();
        var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<CompletableFuture<SseClient.Result>> chats = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String chat = uniqueChatId();
                HttpRequest request = HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/demo"))
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").header("Authorization", bearer(KEY))
                        .POST(HttpRequest.BodyPublishers.ofString(body(chat, "submit-message", user(text)))).build();
                chats.add(CompletableFuture.supplyAsync(() -> SseClient.read(request, e -> false), clients));
            }
            for (CompletableFuture<SseClient.Result> c : chats) {
                answers.add(c.get(120, java.util.concurrent.TimeUnit.SECONDS)); // a stuck stream fails, not hangs
            }
        } finally {
            clients.shutdownNow();
        }
        for (SseClient.Result r : answers) {
            assertEquals("You said: " + text, text(chunks(r)));
            assertTrue(r.done(), "the stream ends with [DONE]");
        }
    }

    /**
     * A chat's first message creates its session, run and message in one transaction; messages racing it to the same
     * new chat find the session made meanwhile and are appended to it: one session, every message answered once.
     */
    @Test
    void firstMessagesRacingToANewChatShareOneSessionAndAreEachAnswered() throws Exception {
        String chat = uniqueChatId();
        int racers = 6;
        List<CompletableFuture<SseClient.Result>> sends = new java.util.ArrayList<>();
        var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < racers; i++) {
                String body = body(chat, "submit-message", user("racer " + i));
                sends.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return post("demo", body, KEY);
                }, clients));
            }
            go.countDown();
            for (int i = 0; i < racers; i++) {
                SseClient.Result r = sends.get(i).get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("You said: racer " + i, text(chunks(r)), "each stream answers its own message");
            }
        } finally {
            clients.shutdownNow();
        }
        List<JsonObject> stored = storedChunks(chat);
        assertEquals(racers, stored.stream().filter(c -> c.getString("type").equals("finish")).count(),
                "one session holds every answer, each once: " + stored.size() + " chunks");
    }

    @Test
    void resumeIs204WhenIdleAndReplaysTheTurnInFlightFromItsStart() {
        String chat = uniqueChatId();
        assertEquals(204, resume("demo", chat, KEY).status(), "no chat yet: nothing to resume (useChat resumes on every load)");
        chunks(post("demo", body(chat, "submit-message", user("warm up")), KEY));
        assertEquals(204, resume("demo", chat, KEY).status(), "nothing streams");
        String longText = words(80);
        int[] deltas = {0};
        SseClient.Result cut = post("demo", body(chat, "submit-message", user(longText)), KEY,
                e -> e.data().contains("\"text-delta\"") && ++deltas[0] >= 3);
        assertFalse(cut.done(), "the first connection went away mid-turn (a reload): the turn goes on");
        SseClient.Result resumed = resume("demo", chat, KEY);
        assertEquals(200, resumed.status());
        assertEquals("v1", resumed.header("x-vercel-ai-ui-message-stream"));
        List<JsonObject> chunks = chunks(resumed);
        assertEquals(chunks(cut).get(0).getString("messageId"), chunks.get(0).getString("messageId"), "from the turn's start");
        assertEquals("You said: " + longText, text(chunks), "the whole turn, each chunk once");
        assertTrue(resumed.done());
        assertEquals(204, resume("demo", chat, KEY).status());
    }

    @Test
    void aClientThatAskedForItStopsItsTurnByLeaving() {
        String chat = uniqueChatId();
        int[] deltas = {0};
        post("demo", body(chat, "submit-message", user(words(80))), KEY,
                e -> e.data().contains("\"text-delta\"") && ++deltas[0] >= 3, "x-parley-on-disconnect", "stop");
        awaitIdle(chat);
        List<JsonObject> stored = storedChunks(chat);
        assertEquals("abort", stored.getLast().getString("type"), "the turn was stopped: " + stored.getLast());
        assertTrue(text(stored).length() < ("You said: " + words(80)).length());
        assertEquals("You said: next", text(chunks(post("demo", body(chat, "submit-message", user("next")), KEY))));
    }

    @Test
    void theStopRouteStopsTheTurnInFlight() {
        String chat = uniqueChatId();
        String token = token(chat, "write");
        assertEquals(404, send("POST", "/api/chat/demo/" + chat + "/stop", null, "Authorization", bearer(KEY)).statusCode());
        int[] deltas = {0};
        post("demo", body(chat, "submit-message", user(words(120))), KEY,
                e -> e.data().contains("\"text-delta\"") && ++deltas[0] >= 3, "x-parley-on-disconnect", "continue");
        assertEquals(200, resume("demo", chat, KEY, e -> true).status(), "the turn outlived its client");
        assertEquals(403, send("POST", "/api/chat/demo/" + chat + "/stop", null,
                "Authorization", bearer(token(chat, "read"))).statusCode(), "stop needs write");
        HttpResponse<String> stop = send("POST", "/api/chat/demo/" + chat + "/stop", null, "Authorization", bearer(token));
        assertEquals(200, stop.statusCode(), stop.body());
        assertTrue(json(stop.body()).getBoolean("ok"));
        awaitIdle(chat);
        assertEquals("abort", storedChunks(chat).getLast().getString("type"));
    }

    @Test
    void scopesDecideWhoMaySendAndWhoMayRead() {
        String chat = uniqueChatId();
        String u = body(chat, "submit-message", user("scoped"));
        assertEquals(401, post("demo", u, null).status());
        assertEquals(401, post("demo", u, "tr_wrong_key_000000000000000000000000").status());
        assertEquals(403, post("demo", u, token(chat, "read")).status(), "sending needs write");
        assertEquals(403, post("demo", u, token("another-" + chat, "write")).status(), "a token for another chat");
        SseClient.Result ok = post("demo", u, token(chat, "write"));
        assertEquals(200, ok.status(), "a session token for the chat may create and send");
        assertEquals("You said: scoped", text(chunks(ok)));
        assertEquals(204, resume("demo", chat, token(chat, "read")).status());
        assertEquals(403, resume("demo", chat, token(chat, "write")).status(), "resuming needs read");
        assertEquals(403, resume("demo", chat, token("another-" + chat, "read")).status());
        assertEquals(401, resume("demo", chat, null).status());
    }

    @Test
    void badRequestsAreRefusedInTheDocumentedShapeAndWriteNothing() {
        String chat = uniqueChatId();
        HttpResponse<String> unknownAgent = postPlain("no-such-agent", body(chat, "submit-message", user("x")));
        assertEquals(404, unknownAgent.statusCode());
        assertTrue(json(unknownAgent.body()).getString("error").contains("no-such-agent"));
        assertEquals(404, resume("no-such-agent", chat, KEY).status());
        assertEquals(400, resume("demo", "session_abc", KEY).status());
        assertEquals(400, post("demo", "not json", KEY).status());
        assertEquals(400, post("demo", "{\"id\":\"" + chat + "\",\"messages\":[]}", KEY).status(), "no trigger");
        assertEquals(400, post("demo", body(chat, "submit-message"), KEY).status(), "no message to answer");
        assertEquals(400, post("demo", body("session_abc", "submit-message", user("x")), KEY).status());
        assertEquals(400, post("demo", body(chat, "submit-message", "{\"role\":\"user\",\"parts\":[]}"), KEY).status(), "no id");
        HttpResponse<String> nothingNew = postPlain("demo", body(chat, "submit-message", assistantMessage("a1", "hi")));
        assertEquals(400, nothingNew.statusCode());
        assertTrue(json(nothingNew.body()).getString("error").contains("nothing new"), nothingNew.body());
        assertEquals(400, post("demo", body(chat, "submit-message", user("x")), KEY, e -> false,
                "x-parley-on-disconnect", "sometimes").status());
        String huge = body(chat, "submit-message", user("x".repeat(4 * 1024 * 1024)));
        assertEquals(413, post("demo", huge, KEY).status(), "over the 4 MiB request cap");
        assertEquals(404, send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).statusCode(),
                "no session was created by a refused request");
        SseClient.Result bigMessage = post("demo", body(chat, "submit-message", user("y".repeat(1100 * 1024))), KEY);
        assertEquals(413, bigMessage.status(), "a new message over the 1 MiB record cap");
    }

    @Test
    void aChatStartedThisWayIsWatchedOnTheSessionChannels() {
        String chat = uniqueChatId();
        List<JsonObject> chunks = chunks(post("it-probe", body(chat, "submit-message", user("hello")), KEY));
        SseClient.Result out = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1");
        assertTrue(out.records().stream().anyMatch(r -> "turn-complete".equals(Chats.control(r))));
        assertEquals(text(chunks), Chats.text(Chats.chunks(out.records())), "the same turn on the trigger.dev channel");
        JsonObject session = json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body());
        assertEquals("it-probe", session.getString("taskIdentifier"));
    }

    @Test
    void closedChatsAndOtherAgentsChatsAreConflicts() {
        String chat = uniqueChatId();
        chunks(post("demo", body(chat, "submit-message", user("before")), KEY));
        HttpResponse<String> other = postPlain("demo-approval", body(chat, "submit-message", user("x")));
        assertEquals(409, other.statusCode());
        assertEquals("agent_mismatch", json(other.body()).getString("code"));
        assertEquals(204, resume("demo-approval", chat, KEY).status(), "that agent has no such chat to resume");
        assertEquals(200, send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"done\"}",
                "Authorization", bearer(KEY), "Content-Type", "application/json").statusCode());
        HttpResponse<String> closed = postPlain("demo", body(chat, "submit-message", user("after")));
        assertEquals(409, closed.statusCode());
        assertEquals("session_closed", json(closed.body()).getString("code"));
        assertEquals(false, json(closed.body()).getBoolean("ok"));
        assertEquals("done", json(closed.body()).getString("closedReason"));
        assertEquals(204, resume("demo", chat, KEY).status(), "a closed chat streams nothing");
    }

    @Test
    void toolApprovalsArriveAsTheUpdatedAssistantMessage() {
        String chat = uniqueChatId();
        String u = user("tell the team");
        List<JsonObject> first = chunks(post("demo-approval", body(chat, "submit-message", u), KEY));
        JsonObject request = first.stream().filter(c -> c.getString("type").equals("tool-approval-request")).findFirst()
                .orElseThrow(() -> new AssertionError("no approval request: " + first));
        String messageId = first.get(0).getString("messageId");
        String approved = """
                {"id":"%s","role":"assistant","parts":[{"type":"step-start"},{"type":"tool-sendEmail","toolCallId":"%s",
                 "state":"approval-responded","input":{"to":"team@example.com","body":"tell the team"},
                 "approval":{"id":"%s","approved":true}}]}""".formatted(messageId, request.getString("toolCallId"),
                request.getString("approvalId"));
        List<JsonObject> second = chunks(post("demo-approval", body(chat, "submit-message", u, approved), KEY));
        assertEquals(messageId, second.get(0).getString("messageId"), "the approval continues the same message");
        assertTrue(second.stream().anyMatch(c -> c.getString("type").equals("tool-output-available")), second.toString());
        assertEquals("Done: the email was sent.", text(second));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static SseClient.Result post(String agent, String body, String credential, String... headers) {
        return post(agent, body, credential, e -> false, headers);
    }

    private static SseClient.Result post(String agent, String body, String credential, Predicate<SseClient.Event> stop,
                                         String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/" + agent))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header("Authorization", bearer(credential));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return SseClient.read(b.build(), stop);
    }

    private static SseClient.Result resume(String agent, String chat, String credential) {
        return resume(agent, chat, credential, e -> false);
    }

    private static SseClient.Result resume(String agent, String chat, String credential, Predicate<SseClient.Event> stop) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/" + agent + "/" + chat + "/stream"))
                .timeout(Duration.ofSeconds(60)).GET();
        if (credential != null) {
            b.header("Authorization", bearer(credential));
        }
        return SseClient.read(b.build(), stop);
    }

    /** The chunks of a UI message stream; every event is a bare {@code data:} line holding one chunk object. */
    private static List<JsonObject> chunks(SseClient.Result r) {
        assertEquals(200, r.status(), "status");
        for (SseClient.Event e : r.events()) {
            assertNull(e.name(), "no event names on a UI message stream: " + e);
            assertNull(e.id(), "no event ids: " + e);
        }
        return r.events().stream().map(e -> json(e.data())).toList();
    }

    private static String text(List<JsonObject> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.stream().filter(c -> c.getString("type").equals("text-delta")).forEach(c -> sb.append(c.getString("delta")));
        return sb.toString();
    }

    /** A request whose answer is expected to be an error: read as plain text. */
    private static HttpResponse<String> postPlain(String agent, String body) {
        return send("POST", "/api/chat/" + agent, body, "Authorization", bearer(KEY), "Content-Type", "application/json");
    }

    /** The data chunks stored on {@code .out} (through the realtime API). */
    private static List<JsonObject> storedChunks(String chat) {
        JsonArray records = json(send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null,
                "Authorization", bearer(KEY)).body()).getJsonArray("records");
        return records.stream().map(JsonValue::asJsonObject).filter(r -> r.get("data") instanceof JsonObject)
                .map(r -> r.getJsonObject("data")).toList();
    }

    private static void awaitIdle(String chat) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (resume("demo", chat, KEY).status() != 204) {
            if (System.currentTimeMillis() > deadline) {
                fail("the turn of " + chat + " did not end");
            }
            sleep(100);
        }
    }

    private static void awaitStreaming(String chat) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (storedChunks(chat).stream().noneMatch(c -> c.getString("type").equals("text-delta"))) {
            if (System.currentTimeMillis() > deadline) {
                fail("no turn started for " + chat);
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String token(String chat, String action) {
        String env = json(send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body()).getString("sub");
        return Jwts.sessionToken(KEY, env, "[\"" + action + ":sessions:" + chat + "\"]", System.currentTimeMillis() / 1000 + 600);
    }

    private static String body(String chat, String trigger, String... messages) {
        return "{\"id\":\"" + chat + "\",\"messages\":[" + String.join(",", messages) + "],\"trigger\":\"" + trigger + "\"}";
    }

    private static String user(String text) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
    }

    private static String assistantMessage(String id, String text) {
        return "{\"id\":\"" + id + "\",\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
    }

    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append('w').append(i);
        }
        return sb.toString();
    }
}
