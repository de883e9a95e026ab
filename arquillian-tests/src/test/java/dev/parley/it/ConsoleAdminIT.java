package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static dev.parley.it.Console.adminCookie;
import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's admin features over real HTTP: environments and secret keys, and the playground. */
@ExtendWith(ArquillianExtension.class)
class ConsoleAdminIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void aNewEnvironmentsKeyIsShownOnceWorksAtOnceAndStopsWorkingWhenRevoked() {
        String cookie = adminCookie();
        String slug = "env-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(cookie, "/console/api/environments", "{\"slug\":\"" + slug + "\",\"name\":\"Test\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject env = json(created.body());
        String first = env.getJsonObject("key").getString("secret");
        String firstId = env.getJsonObject("key").getString("id");
        assertEquals(200, send("GET", "/api/v1/sessions", null, "Authorization", bearer(first)).statusCode());

        String listed = get(cookie, "/console/api/environments").body();
        assertTrue(listed.contains(slug));
        assertFalse(listed.contains(first), "secrets are never listed");

        assertEquals(409, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstId + "/revoke", null).statusCode(),
                "the last active key stays");
        HttpResponse<String> second = post(cookie, "/console/api/environments/" + slug + "/keys", null);
        assertEquals(201, second.statusCode(), second.body());
        String secondSecret = json(second.body()).getString("secret");
        assertEquals(200, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstId + "/revoke", null).statusCode());
        assertEquals(401, send("GET", "/api/v1/sessions", null, "Authorization", bearer(first)).statusCode());
        assertEquals(200, send("GET", "/api/v1/sessions", null, "Authorization", bearer(secondSecret)).statusCode());
    }

    @Test
    void environmentInputIsValidated() {
        String cookie = adminCookie();
        assertEquals(400, post(cookie, "/console/api/environments", "{\"slug\":\"Not A Slug\"}").statusCode());
        assertEquals(400, post(cookie, "/console/api/environments", "[]").statusCode());
        assertEquals(409, post(cookie, "/console/api/environments", "{\"slug\":\"default\"}").statusCode());
        assertEquals(404, post(cookie, "/console/api/environments/nope/keys", null).statusCode());
        assertEquals(404, post(cookie, "/console/api/environments/default/keys/key_nope/revoke", null).statusCode());
    }

    @Test
    void thePlaygroundChatsAndApprovesAToolCall() {
        String cookie = adminCookie();
        HttpResponse<String> started = post(cookie, "/console/api/playground", "{\"agent\":\"demo-approval\"}");
        assertEquals(200, started.statusCode(), started.body());
        JsonObject chat = json(started.body());
        String id = chat.getString("id");
        String chatId = chat.getString("chatId");
        assertEquals(200, post(cookie, "/console/api/playground/" + id + "/in", Parley.message(chatId, "ship it")).statusCode());
        List<JsonObject> first = Chats.chunks(Chats.untilTurns(chatId, -1, 1).records());
        JsonObject request = first.stream().filter(c -> "tool-approval-request".equals(c.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no approval request: " + first));
        String approval = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"assistant",
                 "parts":[{"type":"tool-sendEmail","toolCallId":"%s","state":"approval-responded","approval":{"id":"%s","approved":true}}]}}}"""
                .formatted(chatId, first.get(0).getString("messageId"), request.getString("toolCallId"), request.getString("approvalId"));
        assertEquals(200, post(cookie, "/console/api/playground/" + id + "/in", approval).statusCode());
        List<JsonObject> all = Chats.chunks(Chats.untilTurns(chatId, -1, 2).records());
        assertTrue(all.stream().anyMatch(c -> "tool-output-available".equals(c.getString("type"))), all.toString());
    }

    @Test
    void theLastHourCountsTurnsAndTimeToFirstChunk() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        Chats.say(chat, "measure me");
        Chats.untilTurns(chat, -1, 1);
        jakarta.json.JsonArray minutes = json(get(adminCookie(), "/console/api/metrics").body()).getJsonArray("minutes");
        assertEquals(60, minutes.size());
        assertTrue(minutes.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("turns").longValue()).sum() >= 1);
        long ttfc = minutes.getJsonObject(59).isNull("ttfcMs") ? minutes.getJsonObject(58).getJsonNumber("ttfcMs").longValue()
                : minutes.getJsonObject(59).getJsonNumber("ttfcMs").longValue();
        assertTrue(ttfc >= 0 && ttfc < 60_000, "time to first chunk of the turn just taken: " + ttfc);
    }

    @Test
    void playgroundInputIsValidated() {
        String cookie = adminCookie();
        assertEquals(400, post(cookie, "/console/api/playground", "{\"agent\":\"no-such-agent\"}").statusCode());
        String id = json(post(cookie, "/console/api/playground", "{\"agent\":\"demo\"}").body()).getString("id");
        assertEquals(400, post(cookie, "/console/api/playground/" + id + "/in", "{\"kind\":\"shout\"}").statusCode());
        assertEquals(400, post(cookie, "/console/api/playground/" + id + "/in", "{\"kind\":\"message\",\"payload\":{}}").statusCode());
        String other = Parley.createChat(Parley.uniqueChatId()).getString("id");
        assertEquals(404, post(cookie, "/console/api/playground/" + other + "/in", "{\"kind\":\"stop\"}").statusCode(),
                "only playground sessions take playground input");
    }
}
