package dev.parley.it;

import dev.parley.it.probe.PromptProbeAgent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;

import static dev.parley.it.Console.adminCookie;
import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Console.ssoCookie;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prompts in the console over real HTTP: the code-defined versions are listed, an admin's override reaches the next
 * turn of an agent using the prompt, every change is audited (who, when, old → new), reverts go back to the code or
 * to an earlier override, input is validated, and a viewer can read but not change.
 */
@ExtendWith(ArquillianExtension.class)
class ConsolePromptsIT {

    private static final String BASE = "/console/api/prompts/it-greeting/2";
    private static StandInIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(PromptProbeAgent.class);
    }

    @BeforeAll
    static void idp() {
        idp = StandInIdp.start();
    }

    @Test
    void anOverrideReachesTheNextTurnIsAuditedAndReverts() {
        String admin = adminCookie();
        JsonObject listed = greeting(get(admin, "/console/api/prompts").body());
        assertEquals(2, listed.getInt("latest"));
        assertEquals("it-prompts", listed.getJsonArray("agents").getString(0));
        JsonObject v2 = version(listed, 2);
        assertEquals("Good day, {{who}}!", v2.getJsonObject("code").getString("template"));
        assertEquals("default", v2.getJsonObject("code").getString("model"));
        assertEquals("who", v2.getJsonObject("code").getJsonArray("variables").getString(0));
        assertEquals("Hello {{who}}.", version(listed, 1).getJsonObject("code").getString("template"));

        String chat = uniqueChatId();
        createChat(chat, "it-prompts");
        assertEquals("Good day, Ann! [v2 model=default]", answer(chat, "Ann"));

        HttpResponse<String> first = post(admin, BASE + "/override", """
                {"template":"Welcome back, {{who}}.","model":"openai"}""");
        assertEquals(200, first.statusCode(), first.body());
        JsonObject after = json(first.body());
        assertTrue(after.getBoolean("overridden"));
        assertEquals("Welcome back, {{who}}.", after.getJsonObject("effective").getString("template"));
        assertEquals("Welcome back, Bob. [v2 model=openai]", answer(chat, "Bob"), "the next turn uses the override");

        HttpResponse<String> second = post(admin, BASE + "/override", "{\"model\":null}");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("Welcome back, Cy. [v2 model=null]", answer(chat, "Cy"), "a model-only override keeps the text");

        JsonArray history = json(second.body()).getJsonArray("history");
        JsonObject latest = history.getJsonObject(0);
        JsonObject earlier = history.getJsonObject(1);
        assertEquals("override", earlier.getString("action"));
        assertEquals("admin", earlier.getString("actor"));
        assertFalse(earlier.getString("at").isEmpty());
        assertTrue(earlier.getJsonObject("old").getBoolean("code"), "the first override replaced the code's version");
        assertEquals("openai", earlier.getJsonObject("new").getString("model"));
        assertEquals("openai", latest.getJsonObject("old").getString("model"));
        assertEquals(JsonValue.NULL, latest.getJsonObject("new").get("model"));

        HttpResponse<String> back = post(admin, BASE + "/revert", "{\"to\":" + earlier.getJsonNumber("id") + "}");
        assertEquals(200, back.statusCode(), back.body());
        assertEquals("Welcome back, Di. [v2 model=openai]", answer(chat, "Di"), "reverted to the earlier override");
        JsonObject revert = json(back.body()).getJsonArray("history").getJsonObject(0);
        assertEquals("revert", revert.getString("action"));
        assertEquals(earlier.getJsonNumber("id"), revert.getJsonNumber("revertedTo"));

        assertEquals(200, post(admin, BASE + "/revert", null).statusCode());
        assertEquals("Good day, Ed! [v2 model=default]", answer(chat, "Ed"), "reverted to the code");
        JsonObject now = version(greeting(get(admin, "/console/api/prompts").body()), 2);
        assertFalse(now.getBoolean("overridden"));
        assertEquals(4, now.getJsonArray("history").size(), "every change stays in the audit trail");
        assertTrue(now.getJsonArray("history").getJsonObject(0).getJsonObject("new").getBoolean("code"));
        assertEquals(409, post(admin, BASE + "/revert", null).statusCode(), "the code's version is in force already");

        JsonObject agent = json(get(admin, "/console/api/agents").body()).getJsonArray("data").stream()
                .map(JsonValue::asJsonObject).filter(a -> a.getString("id").equals("it-prompts")).findFirst().orElseThrow();
        JsonObject prompt = agent.getJsonArray("prompts").getJsonObject(0);
        assertEquals("it-greeting", prompt.getString("name"));
        assertEquals(2, prompt.getJsonArray("versions").size());
    }

    @Test
    void badChangesAreRefusedAndChangeNothing() {
        String admin = adminCookie();
        String path = "/console/api/prompts/it-greeting/1";
        assertEquals(400, post(admin, path + "/override", "{}").statusCode());
        assertEquals(400, post(admin, path + "/override", "{\"template\":\"  \"}").statusCode());
        assertEquals(400, post(admin, path + "/override", "{\"template\":42}").statusCode());
        HttpResponse<String> model = post(admin, path + "/override", "{\"model\":\"no-such-model\"}");
        assertEquals(400, model.statusCode());
        assertTrue(json(model.body()).getString("error").contains("configured models"), model.body());
        assertEquals(409, post(admin, path + "/override", "{\"template\":\"Hello {{who}}.\"}").statusCode(),
                "the text in force already");
        assertEquals(400, post(admin, path + "/revert", "{\"to\":\"x\"}").statusCode());
        assertEquals(400, post(admin, path + "/revert", "{\"to\":999999999}").statusCode());
        assertEquals(404, post(admin, "/console/api/prompts/it-greeting/9/override", "{\"template\":\"x\"}").statusCode());
        assertEquals(404, post(admin, "/console/api/prompts/nope/1/revert", null).statusCode());
        JsonObject v1 = version(greeting(get(admin, "/console/api/prompts").body()), 1);
        assertFalse(v1.getBoolean("overridden"));
        assertEquals(0, v1.getJsonArray("history").size());
    }

    @Test
    void aViewerReadsPromptsButCannotChangeThem() {
        String viewer = ssoCookie(idp.token("vera@corp", "parley-viewer"));
        assertEquals(200, get(viewer, "/console/api/prompts").statusCode());
        assertEquals(403, post(viewer, "/console/api/prompts/it-greeting/1/override", "{\"template\":\"Hacked {{who}}\"}").statusCode());
        assertEquals(403, post(viewer, "/console/api/prompts/it-greeting/1/revert", null).statusCode());
        assertEquals(401, post("parley_console=nope", "/console/api/prompts/it-greeting/1/revert", null).statusCode());
        JsonObject v1 = version(greeting(get(viewer, "/console/api/prompts").body()), 1);
        assertEquals("Hello {{who}}.", v1.getJsonObject("effective").getString("template"));
    }

    /** Where the previous answer ended on {@code .out} (one chat per test instance). */
    private long cursor = -1;

    private String answer(String chat, String text) {
        Chats.say(chat, text);
        SseClient.Result r = Chats.untilTurns(chat, cursor, 1);
        cursor = r.seqs().stream().mapToLong(Long::longValue).max().orElseThrow();
        return Chats.text(Chats.chunks(r.records()));
    }

    private static JsonObject greeting(String body) {
        return json(body).getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getString("name").equals("it-greeting")).findFirst().orElseThrow();
    }

    private static JsonObject version(JsonObject prompt, int v) {
        return prompt.getJsonArray("versions").stream().map(JsonValue::asJsonObject)
                .filter(p -> p.getInt("version") == v).findFirst().orElseThrow();
    }
}
