package com.example.supportdesk.agent;

import dev.parley.agent.PromptCatalog;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.example.supportdesk.agent.SupportAgentTest.ANN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ticket is announced to the page as a {@code data-ticket} part, and the undo action withdraws it. */
@OfflineAgentTest
class TicketsTest {

    private final ScriptedModel model = ScriptedModel.create();
    private final DeskFakes.Tickets tickets = new DeskFakes.Tickets();

    private TestChat open(OfflineChats chats) {
        return chats.model(model).inject(OrderBook.class, new DeskFakes.Orders()).inject(TicketDesk.class, tickets)
                .inject(PromptCatalog.class, DeskFakes.catalog(SupportAgent.SYSTEM_PROMPT)).open(SupportAgent.class);
    }

    private TestChat withATicket(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "openTicket", "{\"subject\":\"Replace torn shoes\"}"),
                Reply.text("Ticket T-1 is open."));
        return open(chats).send("My new shoes are torn", ANN);
    }

    @Test
    void anOpenedTicketIsAnnouncedAsADataTicketPartOfTheAnswer(OfflineChats chats) {
        TestChat chat = withATicket(chats);

        var data = Json.createObjectBuilder().add("number", "T-1").add("subject", "Replace torn shoes")
                .add("status", "open").build();
        assertTrue(chat.lastTurn().contains(new UIMessageChunk.Data("ticket", "T-1", data, false)), chat.lastTurn().toString());
        assertTrue(chat.lastAnswer().parts().contains(new UIPart.Data("ticket", "T-1", data)), "kept in the message");
        assertEquals(List.of(chat.chatId()), tickets.ticketChats);
    }

    @Test
    void theUndoActionWithdrawsTheNewestOpenTicketAndUpdatesItsPart(OfflineChats chats) {
        TestChat chat = withATicket(chats);

        chat.action(Json.createObjectBuilder().add("type", "undo").build(), ANN);

        assertEquals("withdrawn", tickets.tickets.getFirst().status());
        List<UIMessageChunk> response = chat.lastTurn(); // the action's response, closed by its own turn-complete
        assertTrue(response.stream().anyMatch(c -> c instanceof UIMessageChunk.Data d && d.name().equals("ticket")
                && d.id().equals("T-1") && d.data().asJsonObject().getString("status").equals("withdrawn")), response.toString());
        assertTrue(response.stream().anyMatch(c -> c instanceof UIMessageChunk.TextDelta t
                && t.delta().equals("Ticket T-1 is withdrawn.")), response.toString());
        assertEquals(2, model.requests().size(), "an action is not a turn: the model is not asked");
    }

    @Test
    void undoWithNoOpenTicketSaysSo(OfflineChats chats) {
        model.reply(Reply.text("Hello."));
        TestChat chat = open(chats).send("Hi", ANN);

        chat.action(Json.createObjectBuilder().add("type", "undo").build(), ANN);

        assertTrue(chat.chunks().stream().anyMatch(c -> c instanceof UIMessageChunk.TextDelta t
                && t.delta().equals("There is no open ticket to withdraw.")), chat.chunks().toString());
    }

    @Test
    void anUnknownActionIsAnsweredByNameAndChangesNothing(OfflineChats chats) {
        TestChat chat = withATicket(chats);

        chat.action(Json.createObjectBuilder().add("type", "redo").build(), ANN);

        assertTrue(chat.chunks().stream().anyMatch(c -> c instanceof UIMessageChunk.TextDelta t
                && t.delta().startsWith("Unknown action redo: the support desk knows")), chat.chunks().toString());
        assertEquals("open", tickets.tickets.getFirst().status(), "nothing was withdrawn");
    }
}
