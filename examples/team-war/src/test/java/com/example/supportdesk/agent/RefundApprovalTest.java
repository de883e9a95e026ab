package com.example.supportdesk.agent;

import dev.parley.agent.PromptCatalog;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.example.supportdesk.agent.SupportAgentTest.ANN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refund is money going out: it waits for the user's approval, and is checked again when it runs. */
@OfflineAgentTest
class RefundApprovalTest {

    private final ScriptedModel model = ScriptedModel.create();
    private final DeskFakes.Orders orders = new DeskFakes.Orders();

    private TestChat refund(OfflineChats chats, String orderId, long cents) {
        model.reply(Reply.toolCall("call_1", "refund",
                        "{\"orderId\":\"" + orderId + "\",\"cents\":" + cents + ",\"reason\":\"sole came off\"}"),
                Reply.text("Done."));
        return chats.model(model).inject(OrderBook.class, orders).inject(TicketDesk.class, new DeskFakes.Tickets())
                .inject(PromptCatalog.class, DeskFakes.catalog(SupportAgent.SYSTEM_PROMPT)).open(SupportAgent.class)
                .send("The sole of my shoes came off, I want 50 back", ANN);
    }

    @Test
    void aRefundWaitsForTheUsersApprovalAndIsRecordedOnceApproved(OfflineChats chats) {
        TestChat chat = refund(chats, "O-1001", 5000);

        assertTrue(chat.lastTurn().stream().anyMatch(UIMessageChunk.ToolApprovalRequest.class::isInstance));
        assertEquals(ToolState.APPROVAL_REQUESTED, chat.toolCalls().getFirst().state());
        assertEquals(List.of(), orders.refunds, "nothing is refunded before the approval");

        chat.approve("call_1", ANN);

        assertEquals(List.of(new OrderBook.RefundReceipt(1, "O-1001", 5000, 7900)), orders.refunds);
        JsonObject output = chat.toolCalls().getFirst().output().asJsonObject();
        assertEquals(7900, output.getInt("refundableCents"));
        assertEquals("Done.", chat.lastAnswer().text());
        assertEquals(1, chat.history().stream().filter(m -> m.role().wire().equals("assistant")).count(),
                "the approval continues the same answer");
    }

    @Test
    void aDeniedRefundRecordsNothing(OfflineChats chats) {
        TestChat chat = refund(chats, "O-1001", 5000);

        chat.deny("call_1", "not now", ANN);

        assertEquals(ToolState.OUTPUT_DENIED, chat.toolCalls().getFirst().state());
        assertEquals(List.of(), orders.refunds);
    }

    @Test
    void anApprovedRefundOfAnotherCustomersOrderIsRefusedToTheModel(OfflineChats chats) {
        TestChat chat = refund(chats, "O-2001", 5000);

        chat.approve("call_1", ANN);

        assertEquals(ToolState.OUTPUT_ERROR, chat.toolCalls().getFirst().state());
        assertEquals("Customer cus-ann has no order O-2001", chat.toolCalls().getFirst().errorText());
        assertEquals(List.of(), orders.refunds);
    }

    @Test
    void anApprovedRefundOfMoreThanIsLeftIsRefusedWithTheAmountThatIs(OfflineChats chats) {
        TestChat chat = refund(chats, "O-1001", 13000);

        chat.approve("call_1", ANN);

        assertEquals("A refund on O-1001 must be between 1 and 12900 cents, not 13000",
                chat.toolCalls().getFirst().errorText());
        assertEquals(List.of(), orders.refunds);
    }
}
