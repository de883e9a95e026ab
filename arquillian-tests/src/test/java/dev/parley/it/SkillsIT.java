package dev.parley.it;

import dev.parley.it.probe.SkillProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A skill shipped in the deployment: the model loads it and reads its files through tool calls the client sees. */
@ExtendWith(ArquillianExtension.class)
class SkillsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClass(SkillProbeAgent.class)
                .addAsResource("skills/it-notes/SKILL.md").addAsResource("skills/it-notes/template.md");
    }

    /** Parley.message puts the text into JSON as it is: the tool call's quotes need escaping. */
    private static void call(String chat, String command) {
        say(chat, command.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    private static List<JsonObject> ofType(List<JsonObject> chunks, String type) {
        return chunks.stream().filter(c -> type.equals(c.getString("type"))).toList();
    }

    @Test
    void theModelLoadsASkillAndTheClientSeesTheToolCallAndTheAnswer() {
        String chat = uniqueChatId();
        createChat(chat, "it-skills");
        call(chat, "/tool loadSkill {\"name\":\"it-notes\"}");
        List<JsonObject> turn = chunks(untilTurns(chat, -1, 1).records());
        JsonObject call = ofType(turn, "tool-input-available").getFirst();
        assertEquals("loadSkill", call.getString("toolName"));
        String instructions = ofType(turn, "tool-output-available").getFirst().getString("output");
        assertTrue(instructions.startsWith("# Meeting notes") && instructions.contains("template.md"), instructions);
        assertTrue(text(turn).startsWith("The tool loadSkill returned: # Meeting notes"), text(turn));
        assertEquals("finish", turn.getLast().getString("type"), "the answer completes: " + turn.getLast());
    }

    @Test
    void readFileReadsTheSkillsFilesAndRefusesPathsLeavingIt() {
        String chat = uniqueChatId();
        createChat(chat, "it-skills");
        call(chat, "/tool readFile {\"skill\":\"it-notes\",\"path\":\"template.md\"}");
        List<JsonObject> read = chunks(untilTurns(chat, -1, 1).records());
        assertEquals("Date:\nDecisions:\n",
                ofType(read, "tool-output-available").getFirst().getJsonObject("output").getString("content"));

        call(chat, "/tool readFile {\"skill\":\"it-notes\",\"path\":\"../../WEB-INF/web.xml\"}");
        List<JsonObject> refused = chunks(untilTurns(chat, -1, 2).records());
        JsonObject error = ofType(refused, "tool-output-error").getLast();
        assertTrue(error.getString("errorText").contains("refused"), error.toString());
        assertEquals("finish", refused.getLast().getString("type"));
    }
}
