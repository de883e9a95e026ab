package dev.parley.it;

import dev.parley.it.probe.HookLog;
import dev.parley.it.probe.ProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decision D17 over real HTTP: the AI SDK's stock transport endpoints on top of the same sessions. */
@ExtendWith(ArquillianExtension.class)
class AiSdkChatIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProbeAgent.class, ProbeAgent.Counter.class, HookLog.class);
    }

    private record Stream(int status, HttpResponse<InputStream> response, List<JsonObject> chunks, boolean done) {
        String text() {
            StringBuilder sb = new StringBuilder();
            chunks.stream().filter(c -> "text-delta".equals(c.getString("type"))).forEach(c -> sb.append(c.getString("delta")));
            return sb.toString();
        }

        List<String> types() {
            return chunks.stream().map(c -> c.getString("type")).toList();
        }
    }

    private static String userMessage(String text) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
    }

    private static String body(String chatId, String... messages) {
        return "{\"id\":\"" + chatId + "\",\"messages\":[" + String.join(",", messages) + "],\"trigger\":\"submit-message\"}";
    }

    /** Reads a UI message stream; stops after {@code maxChunks} chunks (then closes it, as an aborted fetch does). */
    private static Stream read(HttpRequest request, int maxChunks) throws Exception {
        HttpResponse<InputStream> r = Parley.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<JsonObject> chunks = new ArrayList<>();
        boolean done = false;
        if (r.statusCode() == 200) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; chunks.size() < maxChunks && (line = in.readLine()) != null; ) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    String data = line.substring(6);
                    if (data.equals("[DONE]")) {
                        done = true;
                        break;
                    }
                    chunks.add(json(data));
                }
            }
        } else {
            r.body().close();
        }
        return new Stream(r.statusCode(), r, chunks, done);
    }

    private static HttpRequest post(String agent, String body, String token) {
        return HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/" + agent)).timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer(token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest resume(String agent, String chatId) {
        return HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/" + agent + "/" + chatId + "/stream"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", bearer(KEY)).GET().build();
    }

    @Test
    void aChatOfTwoTurnsIsAnsweredAsUiMessageStreams() throws Exception {
        String chat = uniqueChatId();
        String first = userMessage("hello");
        Stream one = read(post("it-probe", body(chat, first), KEY), Integer.MAX_VALUE);
        assertEquals(200, one.status());
        assertTrue(one.response().headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertEquals("v1", one.response().headers().firstValue("x-vercel-ai-ui-message-stream").orElse(null));
        assertTrue(one.done(), "ends with [DONE]");
        assertEquals("start", one.types().getFirst());
        assertEquals("finish", one.types().getLast());
        assertTrue(one.text().startsWith("state-turn=1 history=1"), one.text());

        // the transport sends the whole conversation again; only the newest message is new to the session
        String answer = "{\"id\":\"" + one.chunks().getFirst().getString("messageId") + "\",\"role\":\"assistant\",\"parts\":[]}";
        Stream two = read(post("it-probe", body(chat, first, answer, userMessage("again")), KEY), Integer.MAX_VALUE);
        assertTrue(two.done());
        assertTrue(two.text().startsWith("state-turn=2 history=3"), two.text());
        assertFalse(two.text().contains("state-turn=1"), "nothing of the first turn is sent again");
    }

    @Test
    void aReaderThatLeftResumesTheTurnAndAnIdleChatAnswers204() throws Exception {
        String chat = uniqueChatId();
        Stream cut = read(post("it-probe", body(chat, userMessage("a long answer please")), KEY), 5);
        assertEquals(5, cut.chunks().size());
        assertFalse(cut.done(), "the reader left mid-turn");

        Stream rest = read(resume("it-probe", chat), Integer.MAX_VALUE);
        assertEquals(200, rest.status());
        assertTrue(rest.done());
        assertEquals("start", rest.types().getFirst(), "the resumed stream replays the turn from its start");
        assertTrue(rest.text().endsWith(" w149"), "and runs to its end: " + rest.text());
        assertEquals(1, rest.types().stream().filter("start"::equals).count());

        assertEquals(204, read(resume("it-probe", chat), Integer.MAX_VALUE).status(), "nothing is streaming now");
        assertEquals(204, read(resume("it-probe", uniqueChatId()), Integer.MAX_VALUE).status(), "an unknown chat has nothing to resume");
    }

    @Test
    void stopEndsTheTurnInFlightAndTheNextMessageIsAnswered() throws Exception {
        String chat = uniqueChatId();
        HttpResponse<InputStream> r = Parley.HTTP.send(post("it-probe", body(chat, userMessage("a long answer please")), KEY),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> types = new ArrayList<>();
        boolean done = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("data: [DONE]")) {
                    done = true;
                    break;
                }
                if (line.startsWith("data: ")) {
                    types.add(json(line.substring(6)).getString("type"));
                    if (types.size() == 5) {
                        assertEquals(200, send("POST", "/api/chat/it-probe/" + chat + "/stop", null,
                                "Authorization", bearer(KEY)).statusCode());
                    }
                }
            }
        }
        assertTrue(done);
        assertEquals("abort", types.getLast(), "the stopped turn ends with abort: " + types);
        assertTrue(types.size() < 100, "stopped early: " + types.size() + " chunks");

        Stream next = read(post("it-probe", body(chat, userMessage("x"), userMessage("next")), KEY), Integer.MAX_VALUE);
        assertTrue(next.done());
        assertTrue(next.text().startsWith("state-turn=2"), next.text());
    }

    @Test
    void aChatStartedThisWayIsWatchedOnTheSessionChannels() throws Exception {
        String chat = uniqueChatId();
        Stream s = read(post("it-probe", body(chat, userMessage("hello")), KEY), Integer.MAX_VALUE);
        assertTrue(s.done());
        SseClient.Result out = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1");
        assertTrue(out.records().stream().anyMatch(rec -> "turn-complete".equals(Chats.control(rec))));
        assertEquals(s.text(), Chats.text(Chats.chunks(out.records())), "the same turn on the trigger.dev channel");
        JsonObject session = json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body());
        assertEquals("it-probe", session.getString("taskIdentifier"));
    }

    @Test
    void badRequestsGetTheDocumentedErrorsAndWriteNothing() throws Exception {
        String chat = uniqueChatId();
        assertEquals(401, read(HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/it-probe"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(chat, userMessage("x"))))
                .build(), 1).status());
        assertEquals(404, read(post("no-such-agent", body(chat, userMessage("x")), KEY), 1).status());
        assertEquals(400, read(post("it-probe", "{not json", KEY), 1).status());
        assertEquals(400, read(post("it-probe", "{\"messages\":[]}", KEY), 1).status(), "no id");
        assertEquals(400, read(post("it-probe", body("session_abc", userMessage("x")), KEY), 1).status());
        assertEquals(400, read(post("it-probe", body(chat), KEY), 1).status(), "no messages");
        assertEquals(400, read(post("it-probe", "{\"id\":\"" + chat + "\",\"messages\":[" + userMessage("x")
                + "],\"trigger\":\"explode\"}", KEY), 1).status());
        String huge = "x".repeat(1_100_000);
        assertEquals(413, read(post("it-probe", body(chat, userMessage(huge)), KEY), 1).status());
        assertEquals(404, send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).statusCode(),
                "none of the refused requests created the chat");

        String other = uniqueChatId();
        String tokenForOther = createChat(other, "it-probe").getString("publicAccessToken");
        assertEquals(403, read(post("it-probe", body(chat, userMessage("x")), tokenForOther), 1).status(),
                "a token for one chat cannot write another");
        Stream own = read(post("it-probe", body(other, userMessage("mine")), tokenForOther), Integer.MAX_VALUE);
        assertTrue(own.done() && own.text().startsWith("state-turn=1"), "but writes its own: " + own.text());

        assertEquals(409, read(post("demo", body(other, userMessage("x")), KEY), 1).status(), "a chat belongs to one agent");
        assertEquals(200, send("POST", "/api/v1/sessions/" + other + "/close", "{\"reason\":\"done\"}",
                "Authorization", bearer(KEY), "Content-Type", "application/json").statusCode());
        HttpResponse<String> closed = Parley.HTTP.send(post("it-probe", body(other, userMessage("x")), KEY),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, closed.statusCode());
        assertEquals("session_closed", json(closed.body()).getString("code"));
    }
}
