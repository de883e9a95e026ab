package ${package};

import dev.parley.agent.Hook;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.ModelMessage;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The agent's turns without a server: a scripted model in place of the LLM, and tickets of the test's own. */
@OfflineAgentTest
class TicketsAgentTest {

    private final Tickets tickets = new Tickets(List.of(
            new Tickets.Ticket("T-7", "waiting for parts", "The badge reader at the side door is dead")));

    @Test
    void looksTheTicketUpAndAnswersWithWhatItFound(OfflineChats chats) {
        ScriptedModel model = ScriptedModel.create().reply(
                Reply.toolCall("call_1", "lookupTicket", "{\"id\":\"T-7\"}"),   // the model asks for the ticket
                Reply.text("T-7 is waiting for parts."));                        // and answers once it has it

        TestChat chat = chats.model(model)
                .inject(Tickets.class, tickets)
                .open(TicketsAgent.class)
                .send("What about T-7?");

        UIPart.Tool call = chat.toolCalls().getFirst();
        assertEquals("lookupTicket", call.toolName());
        assertEquals(ToolState.OUTPUT_AVAILABLE, call.state());
        assertEquals("waiting for parts", call.output().asJsonObject().getString("status"));
        ModelMessage sentBack = model.requests().getLast().messages().getLast();
        assertEquals("The badge reader at the side door is dead", assertInstanceOf(ModelMessage.ToolResults.class,
                sentBack).results().getFirst().output().asJsonObject().getString("summary"));
        assertEquals("T-7 is waiting for parts.", chat.lastAnswer().text());
        assertEquals(List.of(Hook.BOOT, Hook.CHAT_START, Hook.VALIDATE_MESSAGES, Hook.TURN_START,
                Hook.BEFORE_TURN_COMPLETE, Hook.TURN_COMPLETE), chat.hooks());
    }

    @Test
    void anUnknownTicketIsAnAnswerTheModelReadsNotAFailedTurn(OfflineChats chats) {
        TestChat chat = chats.model(ScriptedModel.create().reply(
                        Reply.toolCall("call_1", "lookupTicket", "{\"id\":\"T-404\"}"),
                        Reply.text("I cannot find T-404.")))
                .inject(Tickets.class, tickets)
                .open(TicketsAgent.class)
                .send("And T-404?");

        UIPart.Tool call = chat.toolCalls().getFirst();
        assertEquals(ToolState.OUTPUT_AVAILABLE, call.state());
        assertEquals("there is no ticket T-404", call.output().asJsonObject().getString("error"));
        assertEquals("I cannot find T-404.", chat.lastAnswer().text());
    }
}
