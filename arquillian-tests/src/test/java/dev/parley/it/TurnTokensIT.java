package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.message;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The read+write token each {@code turn-complete} carries goes only to readers allowed to write the chat: a
 * read-only token, the console (viewer or admin) and the AI SDK stream never see it, on any read path.
 */
@ExtendWith(ArquillianExtension.class)
class TurnTokensIT {

    private static StandInIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @BeforeAll
    static void idp() {
        idp = StandInIdp.start();
    }

    @Test
    void onlyReadersWhoMayWriteTheChatReceiveTheTurnToken() throws Exception {
        String chat = uniqueChatId();
        JsonObject created = createChat(chat);
        String id = created.getString("id");
        String readWrite = created.getString("publicAccessToken");
        String readOnly = token(chat, "read");
        String viewer = Console.ssoCookie(idp.token("tina@corp", "parley-viewer"));
        String admin = Console.adminCookie();

        assertEquals(200, append(chat, "in", message(chat, words(120)), readWrite).statusCode());
        awaitStreaming(chat);
        // live tails opened while the turn streams: the turn-complete reaches them live
        CompletableFuture<SseClient.Result> liveReadOnly = CompletableFuture.supplyAsync(() ->
                SseClient.read(Parley.URL, chat, "out", readOnly, TurnTokensIT::hasTurnComplete, "Timeout-Seconds", "60"));
        CompletableFuture<SseClient.Result> liveWriter = CompletableFuture.supplyAsync(() ->
                SseClient.read(Parley.URL, chat, "out", readWrite, TurnTokensIT::hasTurnComplete, "Timeout-Seconds", "60"));
        CompletableFuture<SseClient.Result> consoleTail = CompletableFuture.supplyAsync(() -> SseClient.read(
                HttpRequest.newBuilder(URI.create(Parley.URL + "/console/api/sessions/" + id + "/tail?after=-1"))
                        .header("Cookie", viewer).timeout(Duration.ofSeconds(60)).GET().build(),
                TurnTokensIT::hasTurnComplete));

        JsonArray writerLive = turnComplete(liveWriter.get());
        assertTrue(hasToken(writerLive), "a reader who may write gets the next token: " + writerLive);
        assertFalse(hasToken(turnComplete(liveReadOnly.get())), "live tail of a read-only token");
        assertFalse(hasToken(turnComplete(consoleTail.get())), "console live tail");
        assertEquals(List.of("session-in-event-id"), names(turnComplete(liveReadOnly.get())).subList(1, 2),
                "only the token is taken out");

        assertFalse(hasToken(turnComplete(SseClient.drain(chat, "out", readOnly, "Timeout-Seconds", "1"))),
                "backlog of a read-only token");
        assertTrue(hasToken(turnComplete(SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1"))),
                "the secret key (the agent's own clients) still gets it");
        assertFalse(hasToken(recordsTurnComplete(chat, readOnly)), "GET records with a read-only token");
        assertTrue(hasToken(recordsTurnComplete(chat, readWrite)), "GET records with a read+write token");
        for (String cookie : List.of(viewer, admin)) {
            String records = Console.get(cookie, "/console/api/sessions/" + id + "/records?io=out").body();
            assertTrue(records.contains("turn-complete"), records);
            assertFalse(records.contains("public-access-token"), "console raw records: " + records);
        }
        assertEquals(403, append(chat, "in", message(chat, "still read-only"), readOnly).statusCode());
    }

    @Test
    void theAiSdkStreamCarriesNoTokens() {
        String chat = uniqueChatId();
        HttpRequest post = HttpRequest.newBuilder(URI.create(Parley.URL + "/api/chat/demo"))
                .header("Authorization", bearer(KEY)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("""
                        {"id":"%s","trigger":"submit-message","messages":[{"id":"%s","role":"user","parts":[{"type":"text","text":"hi"}]}]}"""
                        .formatted(chat, UUID.randomUUID()))).build();
        SseClient.Result r = SseClient.read(post, e -> false);
        assertEquals(200, r.status());
        assertTrue(r.done());
        assertTrue(hasToken(recordsTurnComplete(chat, KEY)), "the turn did write its token on .out");
        r.events().forEach(e -> assertFalse(e.data().contains("public-access-token") || e.data().contains("eyJ"), e.data()));
    }

    private static boolean hasTurnComplete(SseClient.Event e) {
        return "batch".equals(e.name()) && e.data().contains("\"turn-complete\"");
    }

    /** The headers of the first turn-complete an SSE reader received. */
    private static JsonArray turnComplete(SseClient.Result r) {
        assertEquals(200, r.status());
        return r.records().stream().filter(rec -> rec.containsKey("headers")
                        && "turn-complete".equals(rec.getJsonArray("headers").getJsonArray(0).getString(1)))
                .map(rec -> rec.getJsonArray("headers")).findFirst()
                .orElseThrow(() -> new AssertionError("no turn-complete in " + r.events()));
    }

    private static JsonArray recordsTurnComplete(String chat, String credential) {
        var r = send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null, "Authorization", bearer(credential));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("records").stream().map(JsonValue::asJsonObject)
                .filter(rec -> rec.containsKey("headers") && rec.getJsonArray("headers").toString().contains("\"turn-complete\""))
                .map(rec -> rec.getJsonArray("headers")).findFirst()
                .orElseThrow(() -> new AssertionError("no turn-complete in " + r.body()));
    }

    private static boolean hasToken(JsonArray headers) {
        return names(headers).contains("public-access-token");
    }

    private static List<String> names(JsonArray headers) {
        return headers.stream().map(h -> h.asJsonArray().getString(0)).toList();
    }

    private static void awaitStreaming(String chat) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Predicate<String> started = body -> body.contains("text-delta");
        while (!started.test(send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null,
                "Authorization", bearer(KEY)).body())) {
            if (System.currentTimeMillis() > deadline) {
                fail("no turn started for " + chat);
            }
            Thread.sleep(50);
        }
    }

    private static String token(String chat, String action) {
        String env = json(send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body()).getString("sub");
        return Jwts.sessionToken(KEY, env, "[\"" + action + ":sessions:" + chat + "\"]", System.currentTimeMillis() / 1000 + 600);
    }

    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append('w').append(i);
        }
        return sb.toString();
    }
}
