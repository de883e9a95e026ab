package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import dev.parley.it.probe.ProviderProbeAgent;
import dev.parley.models.control.FixtureServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.parley.it.Console.adminCookie;
import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static dev.parley.models.control.FixtureServer.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console API over real HTTP: local sign-in, agents, sessions list and detail, a turn's timeline, live tail,
 * close and stop.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    private static FixtureServer providers;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProviderProbeAgent.class, ProviderProbeAgent.City.class, ProviderProbeAgent.Zone.class);
    }

    @BeforeAll
    static void start() {
        providers = FixtureServer.onPort(Integer.getInteger("parley.fixture.port", 19300));
    }

    @AfterAll
    static void stop() {
        providers.close();
    }

    @Test
    void localAdminSignsInWithTheFirstStartPasswordOnly() {
        assertEquals(401, Console.login(Console.ADMIN, Console.PASSWORD + "x").statusCode());
        assertEquals(401, Console.login("nobody", Console.PASSWORD).statusCode());
        assertEquals(400, Console.login(Console.ADMIN, "").statusCode());
        assertEquals(400, Console.login("\\u0000", "x").statusCode(), "a user name PostgreSQL cannot hold is bad input");
        HttpResponse<String> ok = Console.login(Console.ADMIN, Console.PASSWORD);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        JsonObject me = json(get(Console.cookieOf(ok), "/console/api/auth/me").body());
        assertEquals("parley-admin", me.getString("role"));
        assertEquals("local", me.getString("source"));
    }

    @Test
    void repeatedWrongPasswordsAreThrottledForThatUserName() {
        String guessed = "guesser-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Console.login(guessed, "guess-" + i).statusCode());
        }
        HttpResponse<String> refused = Console.login(guessed, "guess-5");
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertEquals(200, Console.login(Console.ADMIN, Console.PASSWORD).statusCode(), "other user names are not affected");
    }

    @Test
    void secretKeysAndSessionTokensNeverOpenTheConsoleAndTheConsoleCookieNeverOpensTheApi() {
        JsonObject chat = createChat(uniqueChatId());
        assertEquals(401, send("GET", "/console/api/agents", null).statusCode());
        assertEquals(401, send("GET", "/console/api/agents", null, "Authorization", bearer(KEY)).statusCode());
        assertEquals(401, send("GET", "/console/api/agents", null, "Authorization",
                bearer(chat.getString("publicAccessToken"))).statusCode());
        assertEquals(401, send("GET", "/console/api/agents", null, "Cookie", "parley_console=" + KEY).statusCode());
        String cookie = adminCookie();
        assertEquals(401, send("GET", "/api/v1/sessions", null, "Cookie", cookie).statusCode());
        assertEquals(200, send("GET", "/api/v1/sessions", null, "Authorization", bearer(KEY)).statusCode());
    }

    @Test
    void signOutEndsTheConsoleSession() {
        String cookie = adminCookie();
        assertEquals(200, post(cookie, "/console/api/auth/logout", null).statusCode());
        assertEquals(401, get(cookie, "/console/api/auth/me").statusCode());
    }

    @Test
    void agentsShowConfigurationHooksAndLiveSessionCounts() {
        createChat(uniqueChatId(), "demo-approval");
        JsonArray agents = json(get(adminCookie(), "/console/api/agents").body()).getJsonArray("data");
        JsonObject approval = agents.stream().map(JsonValue::asJsonObject)
                .filter(a -> a.getString("id").equals("demo-approval")).findFirst().orElseThrow();
        assertTrue(approval.getJsonObject("config").containsKey("idleTimeoutSeconds"));
        JsonObject counts = approval.getJsonObject("sessions");
        long live = List.of("pending", "booting", "streaming", "waiting", "suspended").stream()
                .mapToLong(k -> counts.getJsonNumber(k).longValue()).sum();
        assertTrue(live >= 1, "the chat just created has a live run: " + counts);
        assertTrue(agents.stream().anyMatch(a -> a.asJsonObject().getString("id").equals("demo")));
    }

    @Test
    void sessionsAreFilteredByTagAndCursorPaged() {
        String tag = "console-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String chat = uniqueChatId();
            assertEquals(201, send("POST", "/api/v1/sessions", """
                    {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo","tags":["%s"],
                     "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, tag, chat),
                    "Authorization", bearer(KEY), "Content-Type", "application/json").statusCode());
        }
        String cookie = adminCookie();
        JsonObject first = json(get(cookie, "/console/api/sessions?environment=default&filter%5Btags%5D=" + tag
                + "&page%5Bsize%5D=2").body());
        assertEquals(2, first.getJsonArray("data").size());
        String next = first.getJsonObject("pagination").getString("next");
        JsonObject second = json(get(cookie, "/console/api/sessions?filter%5Btags%5D=" + tag
                + "&page%5Bsize%5D=2&page%5Bafter%5D=" + next).body());
        assertEquals(1, second.getJsonArray("data").size());
        assertNotEquals(first.getJsonArray("data").get(0), second.getJsonArray("data").get(0));
        assertEquals("ACTIVE", second.getJsonArray("data").getJsonObject(0).getString("status"));

        HttpResponse<String> bad = get(cookie, "/console/api/sessions?page%5Bsize%5D=500");
        assertEquals(400, bad.statusCode());
        assertEquals("Query Error", json(bad.body()).getString("error"));
        assertEquals(404, get(cookie, "/console/api/sessions?environment=nope").statusCode());
    }

    @Test
    void sessionsAreSearchedBySubstringOfIdExternalIdTagOrAgent() {
        String word = "Srch" + UUID.randomUUID().toString().substring(0, 8);
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            String chat = "ext-" + word + "-" + i;
            HttpResponse<String> r = send("POST", "/api/v1/sessions", """
                    {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo","tags":["t-%s-%d"],
                     "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, word, i, chat),
                    "Authorization", bearer(KEY), "Content-Type", "application/json");
            assertEquals(201, r.statusCode(), r.body());
            ids[i] = json(r.body()).getString("id");
        }
        String cookie = adminCookie();
        String base = "/console/api/sessions?filter%5Bsearch%5D=";
        JsonObject first = json(get(cookie, base + word.toLowerCase() + "&page%5Bsize%5D=2").body());
        assertEquals(List.of(ids[2], ids[1]), first.getJsonArray("data").stream()
                .map(v -> v.asJsonObject().getString("id")).toList(), "case-insensitive, newest first");
        JsonObject second = json(get(cookie, base + word + "&page%5Bsize%5D=2&page%5Bafter%5D="
                + first.getJsonObject("pagination").getString("next")).body());
        assertEquals(ids[0], second.getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(1, second.getJsonArray("data").size());

        JsonArray byTag = json(get(cookie, base + "t-" + word + "-1").body()).getJsonArray("data");
        assertEquals(1, byTag.size());
        assertEquals(ids[1], byTag.getJsonObject(0).getString("id"));
        JsonArray byId = json(get(cookie, base + ids[0].substring(3)).body()).getJsonArray("data");
        assertEquals(ids[0], byId.getJsonObject(0).getString("id"));
        JsonArray combined = json(get(cookie, base + word + "&filter%5BtaskIdentifier%5D=demo-approval").body())
                .getJsonArray("data");
        assertEquals(0, combined.size(), "the search combines with the other filters");
        assertEquals(0, json(get(cookie, base + "%25" + word).body()).getJsonArray("data").size(),
                "% is a character, not a wildcard");
        assertEquals(400, get(cookie, base + "x".repeat(101)).statusCode());
        assertEquals(200, send("GET", "/api/v1/sessions?filter%5Bsearch%5D=zz-none", null, "Authorization", bearer(KEY))
                .statusCode(), "the Sessions API ignores the console's search filter");
    }

    @Test
    void detailRebuildsTheConversationAndShowsRunsAndRecords() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        long cursor = -1;
        Chats.say(chat, "hello console");
        Chats.untilTurns(chat, cursor, 1);
        String cookie = adminCookie();
        JsonObject detail = awaitSnapshot(cookie, id);
        assertEquals("initial", detail.getJsonArray("runs").getJsonObject(0).getString("reason"));
        JsonArray messages = detail.getJsonObject("snapshot").getJsonArray("messages");
        assertTrue(messages.toString().contains("hello console"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.asJsonObject().getString("role").equals("assistant")));

        JsonArray in = json(get(cookie, "/console/api/sessions/" + id + "/records?io=in").body()).getJsonArray("records");
        assertTrue(in.getJsonObject(0).getString("body").contains("hello console"));
        JsonArray out = json(get(cookie, "/console/api/sessions/" + id + "/records?io=out&limit=1000").body())
                .getJsonArray("records");
        assertTrue(out.stream().anyMatch(r -> r.asJsonObject().get("headers").toString().contains("turn-complete")),
                "the turn-complete control record is listed with its headers");
        assertEquals(400, get(cookie, "/console/api/sessions/" + id + "/records?io=sideways").statusCode());
        assertEquals(400, get(cookie, "/console/api/sessions/" + id + "/records?io=in&limit=0").statusCode());
        assertEquals(404, get(cookie, "/console/api/sessions/session_nope").statusCode());
    }

    @Test
    void aTurnsTimelineShowsItsModelCallsToolCallsChunksAndUsage() {
        String marker = "m-" + UUID.randomUUID();
        // a model call that asks for weather(Bern) and time(CET), then one that answers "Hello, world"
        providers.script(marker, sse("openai/tool-calls.sse"), sse("openai/text.sse"));
        String chat = uniqueChatId();
        String id = createChat(chat, "it-providers").getString("id");
        long inSeq = Chats.say(chat, "openai " + marker + " tools");
        List<JsonObject> records = Chats.untilTurns(chat, -1, 1).records();
        long first = records.getFirst().getJsonNumber("seq_num").longValue();
        long last = records.getLast().getJsonNumber("seq_num").longValue();
        String cookie = adminCookie();

        HttpResponse<String> r = get(cookie, "/console/api/sessions/" + id + "/turns/" + first);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject turn = json(r.body());
        assertEquals(first, turn.getJsonNumber("fromSeq").longValue());
        assertEquals(last, turn.getJsonNumber("toSeq").longValue(), "the turn ends at its turn-complete");
        assertTrue(turn.getBoolean("complete"));
        assertEquals("finish", turn.getString("end"));
        assertTrue(turn.getJsonNumber("durationMs").longValue() >= 0);
        assertEquals(inSeq, turn.getJsonObject("answered").getJsonNumber("seq").longValue());
        assertTrue(turn.getJsonNumber("timeToFirstChunkMs").longValue() >= 0, turn.toString());

        JsonArray steps = turn.getJsonArray("steps");
        assertEquals(2, steps.size(), "two model calls: " + steps);
        assertEquals(2, steps.getJsonObject(0).getJsonArray("toolCalls").size());
        assertEquals("Hello, world".length(), steps.getJsonObject(1).getInt("textChars"));
        assertFalse(steps.getJsonObject(1).isNull("durationMs"));
        JsonObject firstCall = steps.getJsonObject(0).getJsonObject("modelCall");
        assertEquals("openai", firstCall.getString("provider"), firstCall.toString());
        assertEquals(2048, firstCall.getInt("inputTokens"), "each call's own tokens, stored with the turn");
        assertEquals(40, firstCall.getInt("outputTokens"));
        assertEquals(0, firstCall.getInt("retries"));
        assertEquals(3, steps.getJsonObject(1).getJsonObject("modelCall").getInt("outputTokens"));
        JsonArray tools = turn.getJsonArray("tools");
        JsonObject weather = tools.getJsonObject(0);
        assertEquals("weather", weather.getString("toolName"));
        assertTrue(weather.getString("input").contains("Bern"), weather.toString());
        assertEquals("Sunny in Bern", weather.getString("output"));
        assertEquals("output-available", weather.getString("state"));
        assertTrue(weather.getJsonNumber("durationMs").longValue() >= 0);
        assertEquals("12:00 in CET", tools.getJsonObject(1).getString("output"));

        JsonObject usage = turn.getJsonObject("usage");
        assertEquals(2067, usage.getJsonNumber("inputTokens").longValue(), "both calls of the session's latest turn");
        assertEquals(43, usage.getJsonNumber("outputTokens").longValue());
        JsonObject detail = json(get(cookie, "/console/api/sessions/" + id).body());
        assertEquals(detail.getJsonArray("runs").getJsonObject(0).getString("id"), turn.getString("run"));
        assertEquals(turn.getString("run"), turn.getJsonObject("trace").getJsonObject("logFields").getString("parley_run"));
        assertFalse(turn.getJsonObject("trace").getBoolean("stored"), "telemetry is off on this deployment");
        assertTrue(turn.getJsonObject("trace").isNull("traceId"));
        JsonObject chunks = turn.getJsonObject("chunks");
        assertEquals(records.size(), chunks.getInt("count"));
        assertTrue(chunks.getJsonObject("byType").getInt("tool-output-available") == 2, chunks.toString());
        assertFalse(r.body().contains("public-access-token"), "the console never shows the chat's write token");

        assertEquals(turn.getJsonNumber("fromSeq"), json(get(cookie, "/console/api/sessions/" + id + "/turns/" + last).body())
                .getJsonNumber("fromSeq"), "any record of the turn finds the whole turn");
        assertEquals(404, get(cookie, "/console/api/sessions/" + id + "/turns/" + (last + 1000)).statusCode());
        HttpResponse<String> bad = get(cookie, "/console/api/sessions/" + id + "/turns/x");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad.body()).containsKey("error"), bad.body());
        assertEquals(404, get(cookie, "/console/api/sessions/session_nope/turns/0").statusCode());
    }

    @Test
    void tailStreamsOutWhileAClientChats() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        String cookie = adminCookie();
        HttpRequest tail = HttpRequest.newBuilder(URI.create(Parley.URL + "/console/api/sessions/" + id + "/tail?after=-1"))
                .header("Accept", "text/event-stream").header("Cookie", cookie).timeout(Duration.ofSeconds(60)).GET().build();
        Thread.ofVirtual().start(() -> {
            sleep(500);
            Chats.say(chat, "stream me please");
        });
        SseClient.Result r = SseClient.read(tail, e -> e.data().contains("turn-complete"));
        assertEquals(200, r.status());
        String all = r.events().toString();
        assertTrue(all.contains("text-delta"), all);
        assertEquals(401, SseClient.read(HttpRequest.newBuilder(URI.create(Parley.URL + "/console/api/sessions/" + id + "/tail"))
                .GET().build(), e -> true).status());
    }

    @Test
    void adminClosesASessionAndClientsSeeItClosed() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        String cookie = adminCookie();
        assertEquals(400, post(cookie, "/console/api/sessions/" + id + "/close", "{\"reason\":42}").statusCode());
        HttpResponse<String> closed = post(cookie, "/console/api/sessions/" + id + "/close", "{\"reason\":\"spam\"}");
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("spam", json(closed.body()).getString("closedReason"));
        assertEquals(409, Parley.append(chat, "in", Parley.message(chat, "still there?"), KEY).statusCode());
        assertEquals(409, post(cookie, "/console/api/sessions/" + id + "/stop", null).statusCode());
    }

    @Test
    void stopEndsTheStreamingTurn() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        String cookie = adminCookie();
        Chats.say(chat, "please write a long answer " + "and keep going ".repeat(60));
        awaitRunStatus(cookie, id, "STREAMING");
        HttpResponse<String> stop = post(cookie, "/console/api/sessions/" + id + "/stop", null);
        assertEquals(200, stop.statusCode(), stop.body());
        List<JsonObject> chunks = Chats.chunks(Chats.untilTurns(chat, -1, 1).records());
        assertEquals("abort", chunks.get(chunks.size() - 1).getString("type"), "a stopped turn ends with abort");
        assertTrue(chunks.size() < 150, "stopped long before its ~190 words: " + chunks.size() + " chunks");
    }

    private static JsonObject awaitSnapshot(String cookie, String id) {
        for (int i = 0; i < 100; i++) {
            JsonObject d = json(get(cookie, "/console/api/sessions/" + id).body());
            if (d.get("snapshot").getValueType() == JsonValue.ValueType.OBJECT) {
                return d;
            }
            sleep(100);
        }
        throw new AssertionError("no snapshot for " + id);
    }

    private static String awaitRunStatus(String cookie, String id, String status) {
        for (int i = 0; i < 200; i++) {
            JsonObject d = json(get(cookie, "/console/api/sessions/" + id).body());
            if (status.equals(d.getString("runStatus", ""))) {
                return status;
            }
            sleep(50);
        }
        throw new AssertionError(id + " never reached " + status);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
