package com.example.supportdesk.agent;

import com.example.supportdesk.agent.TicketDesk.ThreadEntry;
import dev.parley.agent.Hook;
import dev.parley.agent.PromptCatalog;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.example.supportdesk.agent.SupportAgentTest.ANN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's history is the desk's support thread (hydrateMessages), and every turn is added to it. */
@OfflineAgentTest
class SupportThreadTest {

    private final ScriptedModel model = ScriptedModel.create();
    private final DeskFakes.Tickets tickets = new DeskFakes.Tickets();

    private TestChat open(OfflineChats chats) {
        return chats.model(model).inject(OrderBook.class, new DeskFakes.Orders()).inject(TicketDesk.class, tickets)
                .inject(PromptCatalog.class, DeskFakes.catalog(SupportAgent.SYSTEM_PROMPT)).open(SupportAgent.class);
    }

    @Test
    void theModelSeesTheThreadAsTheDeskHoldsItIncludingWhatStaffWroteIntoIt(OfflineChats chats) {
        model.reply(Reply.text("Sorry to hear that."), Reply.text("A courier picks them up on Monday."));
        TestChat chat = open(chats).send("My shoes are torn", ANN);
        // a colleague answers in the desk's own tool, between two turns of the chat
        List<ThreadEntry> thread = new ArrayList<>(tickets.thread(chat.chatId()));
        thread.add(new ThreadEntry("staff-1", "assistant", "Staff note: a replacement pair is reserved."));
        tickets.threads.put(chat.chatId(), thread);

        chat.send("When do you collect them?", ANN);

        assertEquals(List.of("user: My shoes are torn", "assistant: Sorry to hear that.",
                "assistant: Staff note: a replacement pair is reserved.", "user: When do you collect them?"),
                DeskFakes.texts(model.requests().get(1)));
        assertTrue(chat.hooks().contains(Hook.HYDRATE_MESSAGES));
    }

    @Test
    void eachCompletedTurnAddsTheMessageAndItsAnswerToTheThread(OfflineChats chats) {
        model.reply(Reply.text("Hello Ann."), Reply.text("It ships tomorrow."));

        TestChat chat = open(chats).send("Hi", ANN).send("When does O-1002 ship?", ANN);

        assertEquals(List.of("user: Hi", "assistant: Hello Ann.", "user: When does O-1002 ship?",
                        "assistant: It ships tomorrow."),
                tickets.thread(chat.chatId()).stream().map(e -> e.role() + ": " + e.text()).toList());
    }

    @Test
    void aSuspendedChatResumesWithItsHistoryFromTheThread(OfflineChats chats) {
        model.reply(Reply.text("Sorry to hear that."), Reply.text("Yes, we have your shoes on file."));
        TestChat chat = open(chats).send("My shoes are torn", ANN);

        chat.idle().send("Do you remember my shoes?", ANN);

        assertEquals(List.of("user: My shoes are torn", "assistant: Sorry to hear that.",
                "user: Do you remember my shoes?"), DeskFakes.texts(model.requests().get(1)));
    }
}
