package dev.parley.it;

import dev.parley.agent.Compaction;
import dev.parley.it.probe.CompactingProbeAgent;
import dev.parley.it.probe.ProviderProbeAgent;
import dev.parley.models.control.FixtureServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.uniqueChatId;
import static dev.parley.models.control.FixtureServer.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tokens the providers report (the recorded OpenAI streams) are counted per turn and added up on the session,
 * which the console shows per session and per agent; a compaction's summary adds to it, and the session keeps what
 * its latest compaction did.
 */
@ExtendWith(ArquillianExtension.class)
class UsageIT {

    private static FixtureServer providers;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProviderProbeAgent.class, ProviderProbeAgent.City.class,
                ProviderProbeAgent.Zone.class, CompactingProbeAgent.class);
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
    void aSessionAddsUpItsTurnsUsageAndKeepsItsLastTurns() {
        String marker = "m-" + UUID.randomUUID();
        // turn 1: a tool-call step (2048 in, 1024 of them cached, 40 out) and the answer (19 in, 3 out); turn 2: 19/3
        providers.script(marker, sse("openai/tool-calls.sse"), sse("openai/text.sse"), sse("openai/text.sse"));
        String chat = uniqueChatId();
        String session = createChat(chat, "it-providers").getString("id");
        String cookie = Console.adminCookie();
        JsonObject before = agentUsage(cookie);

        say(chat, "openai " + marker + " tools");
        untilTurns(chat, -1, 1);
        JsonObject afterOne = usage(cookie, session);
        assertUsage(afterOne.getJsonObject("total"), 2067, 1024, 43);
        assertUsage(afterOne.getJsonObject("lastTurn"), 2067, 1024, 43);

        say(chat, "openai " + marker + " again");
        untilTurns(chat, -1, 2);
        JsonObject afterTwo = usage(cookie, session);
        assertUsage(afterTwo.getJsonObject("total"), 2086, 1024, 46);
        assertUsage(afterTwo.getJsonObject("lastTurn"), 19, 0, 3);

        JsonObject after = agentUsage(cookie);
        assertTrue(after.getJsonNumber("inputTokens").longValue() - before.getJsonNumber("inputTokens").longValue() >= 2086,
                "the agent's total includes this session's: " + before + " → " + after);
        assertTrue(after.getJsonNumber("outputTokens").longValue() - before.getJsonNumber("outputTokens").longValue() >= 46);
    }

    @Test
    void aCompactActionReplacesTheStoredHistoryWithASummaryAndTheSessionRecordsItsSizesAndUsage() {
        String marker = "m-" + UUID.randomUUID();
        // every call, the answers and the summary, gets the recorded "Hello, world" (19 in, 3 out)
        providers.script(marker, sse("openai/text.sse"));
        String chat = uniqueChatId();
        String session = createChat(chat, "it-compact").getString("id");
        say(chat, "openai " + marker + " first");
        untilTurns(chat, -1, 1);
        say(chat, "openai " + marker + " second");
        List<JsonObject> second = untilTurns(chat, -1, 2).records();
        long tc = second.getLast().getJsonNumber("seq_num").longValue();

        String action = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"action","action":{"type":"compact"}}}""".formatted(chat);
        assertEquals(200, Parley.append(chat, "in", action, KEY).statusCode());
        assertEquals("Compacted 4 messages into 3.", text(chunks(untilTurns(chat, tc, 1).records())),
                "the action's confirmation streams like any response");

        JsonArray stored = json("{\"m\":" + Database.text("select messages from chat_snapshot where "
                + "session_id = (select id from session where external_id = ?)", chat) + "}").getJsonArray("m");
        assertEquals(3, stored.size(), "the summary and the last two messages: " + stored);
        assertEquals("system", stored.getJsonObject(0).getString("role"));
        assertEquals(Compaction.SUMMARY_PREFIX + "Hello, world",
                stored.getJsonObject(0).getJsonArray("parts").getJsonObject(0).getString("text"));
        assertEquals("openai " + marker + " second",
                stored.getJsonObject(1).getJsonArray("parts").getJsonObject(0).getString("text"));

        JsonObject usage = usage(Console.adminCookie(), session);
        assertEquals(JsonValue.ValueType.OBJECT, usage.get("lastCompaction").getValueType(),
                "the session recorded the compaction: " + usage);
        JsonObject compaction = usage.getJsonObject("lastCompaction");
        assertEquals("requested", compaction.getString("reason"), compaction.toString());
        assertEquals(4, compaction.getInt("messagesBefore"));
        assertEquals(3, compaction.getInt("messagesAfter"));
        assertTrue(compaction.getJsonNumber("tokensAfter").longValue() < compaction.getJsonNumber("tokensBefore").longValue(),
                compaction.toString());
        assertUsage(compaction.getJsonObject("usage"), 19, 0, 3);
        assertUsage(usage.getJsonObject("total"), 57, 0, 9); // two turns and the summary, 19 in and 3 out each
    }

    @Test
    void aHistoryOverTheThresholdIsCompactedAfterTheTurnCompleteAndTheSnapshotHoldsTheSummary() throws Exception {
        String marker = "m-" + UUID.randomUUID();
        providers.script(marker, sse("openai/text.sse")); // the answers and the summary: "Hello, world" (19 in, 3 out)
        String chat = uniqueChatId();
        String session = createChat(chat, "it-compact").getString("id");
        say(chat, "openai " + marker + " low first");
        untilTurns(chat, -1, 1);
        say(chat, "openai " + marker + " low second");
        untilTurns(chat, -1, 2);

        String snapshot = "select messages from chat_snapshot where session_id = (select id from session where external_id = ?)";
        JsonArray stored = null;
        for (int i = 0; i < 100 && (stored == null || stored.size() != 3); i++) { // it is written after the turn-complete
            stored = json("{\"m\":" + Database.text(snapshot, chat) + "}").getJsonArray("m");
            if (stored.size() != 3) {
                Thread.sleep(100);
            }
        }
        assertEquals(3, stored.size(), "the summary and the last two messages: " + stored);
        assertEquals(Compaction.SUMMARY_PREFIX + "Hello, world",
                stored.getJsonObject(0).getJsonArray("parts").getJsonObject(0).getString("text"));
        JsonObject usage = usage(Console.adminCookie(), session);
        assertEquals("threshold", usage.getJsonObject("lastCompaction").getString("reason"), usage.toString());
        assertEquals(4, usage.getJsonObject("lastCompaction").getInt("messagesBefore"));
        assertUsage(usage.getJsonObject("total"), 57, 0, 9); // two turns and the summary
    }

    private static JsonObject usage(String cookie, String session) {
        HttpResponse<String> r = Console.get(cookie, "/console/api/sessions/" + session);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonObject("usage");
    }

    private static JsonObject agentUsage(String cookie) {
        HttpResponse<String> r = Console.get(cookie, "/console/api/agents");
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("data").stream().map(v -> v.asJsonObject())
                .filter(a -> "it-providers".equals(a.getString("id"))).findFirst().orElseThrow().getJsonObject("usage");
    }

    private static void assertUsage(JsonObject u, long input, long cached, long output) {
        assertEquals(input, u.getJsonNumber("inputTokens").longValue(), u.toString());
        assertEquals(cached, u.getJsonNumber("cacheReadTokens").longValue(), u.toString());
        assertEquals(output, u.getJsonNumber("outputTokens").longValue(), u.toString());
    }
}
