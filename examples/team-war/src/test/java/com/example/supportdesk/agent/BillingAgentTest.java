package com.example.supportdesk.agent;

import dev.parley.agent.PromptCatalog;
import dev.parley.agent.message.ToolState;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The billing specialist, as the support agent's sub-agent calls it: one task, answered from the order book. */
@OfflineAgentTest
class BillingAgentTest {

    private final ScriptedModel model = ScriptedModel.create();

    private TestChat open(OfflineChats chats) {
        return chats.model(model).inject(OrderBook.class, new DeskFakes.Orders())
                .inject(PromptCatalog.class, DeskFakes.catalog(BillingAgent.SYSTEM_PROMPT)).open(BillingAgent.class);
    }

    @Test
    void theBillingAgentAnswersFromTheOrderBook(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "orderCharges", "{\"orderId\":\"O-1001\"}"),
                Reply.text("O-1001 was charged 129.00 once."));

        TestChat chat = open(chats).send("Was O-1001 charged twice?");

        assertTrue(model.requests().getFirst().system().startsWith("You are the billing specialist of Trailhead Outfitters."));
        assertEquals(12900, chat.toolCalls().getFirst().output().asJsonObject().getInt("totalCents"));
        assertEquals("O-1001 was charged 129.00 once.", chat.lastAnswer().text());
    }

    @Test
    void anUnknownOrderIsAToolErrorTheModelReads(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "orderCharges", "{\"orderId\":\"O-9\"}"), Reply.text("No such order."));

        TestChat chat = open(chats).send("What did O-9 cost?");

        assertEquals(ToolState.OUTPUT_ERROR, chat.toolCalls().getFirst().state());
        assertEquals("There is no order O-9", chat.toolCalls().getFirst().errorText());
    }
}
