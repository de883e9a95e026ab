package dev.parley.it;

import dev.parley.it.probe.SubAgentProbes;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another agent as a tool: its own chat and run, its answer streamed as preliminary output, retries, stop. */
@ExtendWith(ArquillianExtension.class)
class SubAgentsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(SubAgentProbes.class, SubAgentProbes.Parent.class, SubAgentProbes.Child.class);
    }

    private static List<JsonObject> ofType(List<JsonObject> chunks, String type) {
        return chunks.stream().filter(c -> type.equals(c.getString("type"))).toList();
    }

    @Test
    void aChildAgentAnswersInItsOwnChatAndItsAnswerStreamsAsPreliminaryOutput() {
        String chat = uniqueChatId();
        JsonObject parent = createChat(chat, "it-parent");
        say(chat, "find facts");
        List<JsonObject> turn = chunks(untilTurns(chat, -1, 1).records());
        List<JsonObject> outputs = ofType(turn, "tool-output-available");
        assertTrue(outputs.size() > 1, "preliminary outputs come before the final one: " + outputs);
        assertTrue(outputs.subList(0, outputs.size() - 1).stream().allMatch(o -> o.getBoolean("preliminary", false)), outputs.toString());
        JsonObject output = outputs.getLast().getJsonObject("output");
        assertTrue(!outputs.getLast().containsKey("preliminary"), "the last output is final");
        String answer = output.getString("text");
        assertTrue(answer.startsWith("child answer 1 to 'find facts': c0") && answer.endsWith(" c11"), answer);
        assertEquals("research says: " + answer, text(turn), "the parent's model read the child's answer");

        JsonObject child = json(send("GET", "/api/v1/sessions/" + output.getString("chatId"), null, "Authorization", bearer(KEY)).body());
        assertEquals("it-child", child.getString("taskIdentifier"));
        assertTrue(child.getJsonArray("tags").toString().contains("parent:" + parent.getString("id")), child.toString());
        String childText = text(chunks(SseClient.drain(output.getString("chatId"), "out", KEY, "Timeout-Seconds", "1").records()));
        assertEquals(answer, childText, "the child's own chat holds the same answer");
    }

    @Test
    void aFailedAnswerIsAskedForAgainAndAnAgentThatKeepsFailingIsReportedToTheModel() {
        String flaky = uniqueChatId();
        createChat(flaky, "it-parent");
        say(flaky, "flaky task");
        List<JsonObject> turn = chunks(untilTurns(flaky, -1, 1).records());
        String answer = ofType(turn, "tool-output-available").getLast().getJsonObject("output").getString("text");
        assertTrue(answer.startsWith("child answer 2 to 'flaky task'"), "the second attempt answered: " + answer);

        String broken = uniqueChatId();
        createChat(broken, "it-parent");
        say(broken, "broken task");
        List<JsonObject> failed = chunks(untilTurns(broken, -1, 1).records());
        List<JsonObject> errors = ofType(failed, "tool-output-error");
        assertEquals(1, errors.size(), failed.toString());
        assertTrue(errors.getFirst().getString("errorText").contains("failed 2 times"), errors.toString());
        assertTrue(text(failed).startsWith("research failed:"), text(failed));
    }

    @Test
    void stoppingTheParentTurnStopsTheChildsTurn() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-parent");
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<SseClient.Result> firstOutput = pool.submit(() -> SseClient.read(Parley.URL, chat, "out", KEY,
                    e -> "batch".equals(e.name()) && e.data().contains("tool-output-available"), "Timeout-Seconds", "30"));
            say(chat, "slow task");
            JsonObject preliminary = chunks(firstOutput.get(30, TimeUnit.SECONDS).records()).stream()
                    .filter(c -> "tool-output-available".equals(c.getString("type"))).findFirst().orElseThrow();
            assertTrue(preliminary.getBoolean("preliminary"), preliminary.toString());
        }
        Chats.stop(chat);
        List<JsonObject> turn = chunks(untilTurns(chat, -1, 1).records());
        assertEquals("abort", turn.getLast().getString("type"), "the parent's turn was stopped");
        String childChat = "sub-" + Database.text("select s.id from session s where s.external_id = ?", chat) + "-";
        String childId = Database.text("select external_id from session where external_id like ?", childChat + "%");
        List<JsonObject> child = chunks(untilTurns(childId, -1, 1).records());
        assertEquals("abort", child.getLast().getString("type"), "and so was the child's: " + text(child));
        assertTrue(!text(child).endsWith(" c199"), "before its end");
    }
}
