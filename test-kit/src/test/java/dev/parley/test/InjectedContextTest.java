package dev.parley.test;

import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.test.ScriptedModel.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Turn.inject}: context from the agent's code reaches the model at its next call, once. */
@OfflineAgentTest
class InjectedContextTest {

    private static final ModelMessage SHIPPED = new ModelMessage.System("Order A-7 left the warehouse yesterday.");
    private static final ModelMessage EMAIL = new ModelMessage.System("The customer prefers email.");

    private final ScriptedModel model = ScriptedModel.create();

    @Test
    void whatAToolInjectsJoinsTheNextStepOfTheSameTurn(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "trackOrder", "{\"id\":\"A-7\"}"), Reply.text("It shipped yesterday."));

        TestChat chat = chats.model(model).open(BriefingAgent.class).send("Where is order A-7?");

        List<ModelRequest> calls = model.requests();
        assertFalse(calls.get(0).messages().contains(SHIPPED), "not before the tool ran");
        assertEquals(SHIPPED, calls.get(1).messages().getLast(), "the step after the tool sees it");
        assertEquals("It shipped yesterday.", chat.lastAnswer().text());
        assertTrue(chat.history().stream().noneMatch(m -> m.text().contains("warehouse")), "not part of the history");
    }

    @Test
    void whatIsInjectedAfterTheLastModelCallReachesTheNextTurnOnlyOnce(OfflineChats chats) {
        model.reply(Reply.text("Noted."), Reply.text("We will write to you."), Reply.text("Bye."));

        TestChat chat = chats.model(model).open(BriefingAgent.class).send("remember: no phone calls");
        chat.send("How will you reach me?");
        chat.send("Thanks");

        List<ModelRequest> calls = model.requests();
        assertFalse(calls.get(0).messages().contains(EMAIL), "queued after this turn's only call");
        assertEquals(EMAIL, calls.get(1).messages().getLast(), "the next turn's first call has it");
        assertFalse(calls.get(2).messages().contains(EMAIL), "drained once, not repeated in later turns");
    }

    @Test
    void aSuspensionDropsWhatIsStillQueued(OfflineChats chats) {
        model.reply(Reply.text("Noted."), Reply.text("By email, I think."));

        TestChat chat = chats.model(model).open(BriefingAgent.class).send("remember: no phone calls");
        chat.idle();
        chat.send("How will you reach me?");

        assertFalse(model.requests().get(1).messages().contains(EMAIL), "the queue lives in the run's memory only");
    }
}
