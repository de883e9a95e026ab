package dev.parley.it;

import dev.parley.it.probe.ProviderProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;

import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.uniqueChatId;
import static dev.parley.it.ProviderFixture.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tokens the providers report (the recorded OpenAI streams) are counted per turn and added up on the session,
 * which the console shows per session and per agent.
 */
@ExtendWith(ArquillianExtension.class)
class UsageIT {

    private static ProviderFixture providers;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProviderProbeAgent.class, ProviderProbeAgent.City.class,
                ProviderProbeAgent.Zone.class);
    }

    @BeforeAll
    static void start() {
        providers = new ProviderFixture(Integer.getInteger("parley.fixture.port", 19300));
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
