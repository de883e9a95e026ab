package dev.parley.it;

import dev.parley.it.probe.FailingProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every turn terminates: whatever fails inside a turn, the chat sees {@code error}, {@code finish} and the
 * turn-complete, is told an error id rather than the failure's detail, and answers the next message.
 */
@ExtendWith(ArquillianExtension.class)
class TurnFailuresIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(FailingProbeAgent.class);
    }

    @Test
    void anAgentThrowingAnErrorEndsItsTurnWithAnErrorAndTheChatAnswersTheNextMessage() {
        String chat = newChat();
        List<JsonObject> failed = erroredTurn(chat, "overflow");
        String id = ServerLog.errorId(errorText(chunks(failed)));
        assertTrue(ServerLog.entry(id).contains("StackOverflowError"), "the log has the detail under the error id");
        assertEquals("ok: after", answer(chat, failed, "after"));
    }

    @Test
    void theClientSeesAnErrorIdAndNeverTheFailuresDetail() {
        String chat = newChat();
        List<JsonObject> failed = erroredTurn(chat, "secret");
        String shown = errorText(chunks(failed));
        assertFalse(shown.contains("hunter2") || shown.contains("select"), shown);
        assertTrue(ServerLog.entry(ServerLog.errorId(shown)).contains("password=hunter2"), "the detail is in the log");
    }

    @Test
    void aFailingHookEndsOnlyItsTurn() {
        String chat = newChat();
        List<JsonObject> failed = erroredTurn(chat, "hook");
        assertTrue(ServerLog.entry(ServerLog.errorId(errorText(chunks(failed)))).contains("the turn-start hook failed"));
        assertEquals("ok: fine", answer(chat, failed, "fine"));
        assertEquals("WAITING", runStatus(currentRun(chat)), "the run goes on");
    }

    @Test
    void aToolThatHangsPastTheTurnTimeoutIsClosedWithoutItAndTheNextMessageIsAnswered() {
        String chat = newChat();
        String run = currentRun(chat);
        long started = System.nanoTime();
        List<JsonObject> failed = erroredTurn(chat, "hang");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 30_000, "closed at the 5 s timeout plus the grace, not when the agent returns (60 s): " + tookMs);
        assertEquals("working", text(chunks(failed)), "what the agent wrote before it hung stays");
        assertTrue(errorText(chunks(failed)).contains("time limit"), errorText(chunks(failed)));
        assertEquals("TIMED_OUT", runStatus(run));
        assertEquals("ok: next", answer(chat, failed, "next"), "a new run answers the next message");
    }

    private static String newChat() {
        String chat = uniqueChatId();
        createChat(chat, "it-failing");
        return chat;
    }

    /** Says {@code text} and checks the turn is framed start … error, finish(error), turn-complete. */
    private static List<JsonObject> erroredTurn(String chat, String text) {
        say(chat, text);
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        assertEquals("start", c.getFirst().getString("type"), c.toString());
        assertEquals("error", c.get(c.size() - 2).getString("type"), c.toString());
        assertEquals("finish", c.getLast().getString("type"), c.toString());
        assertEquals("error", c.getLast().getString("finishReason"));
        assertEquals("turn-complete", control(records.getLast()));
        return records;
    }

    private static String answer(String chat, List<JsonObject> before, String text) {
        say(chat, text);
        long after = before.getLast().getJsonNumber("seq_num").longValue();
        return text(chunks(untilTurns(chat, after, 1).records()));
    }

    private static String errorText(List<JsonObject> chunks) {
        return chunks.stream().filter(c -> "error".equals(c.getString("type"))).findFirst().orElseThrow().getString("errorText");
    }
}
