package com.example.supportdesk.agent;

import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The support agent's prompt, typed client data, client-side tool and sub-agent, offline. */
@OfflineAgentTest
class SupportAgentTest {

    static final JsonObject ANN = Json.createObjectBuilder().add("customerId", "cus-ann").add("plan", "pro").build();

    private final ScriptedModel model = ScriptedModel.create();
    private final DeskFakes.Orders orders = new DeskFakes.Orders();

    private TestChat open(OfflineChats chats, PromptCatalog prompts) {
        return chats.model(model).inject(OrderBook.class, orders).inject(TicketDesk.class, new DeskFakes.Tickets())
                .inject(PromptCatalog.class, prompts).open(SupportAgent.class);
    }

    private TestChat open(OfflineChats chats) {
        return open(chats, DeskFakes.catalog(SupportAgent.SYSTEM_PROMPT));
    }

    @Test
    void theSystemPromptIsTheCodeDefinedOneRenderedForTheCustomerOfTheClientData(OfflineChats chats) {
        model.reply(Reply.text("Hello Ann."));

        TestChat chat = open(chats).send("Hi", ANN);

        String system = model.requests().getFirst().system();
        assertTrue(system.startsWith("You are the support desk of Trailhead Outfitters, talking to customer cus-ann "
                + "(pro plan)."), system);
        assertEquals("Hello Ann.", chat.lastAnswer().text());
    }

    @Test
    void thePromptComesFromTheCatalogSoAConsoleOverrideReachesTheModel(OfflineChats chats) {
        model.reply(Reply.text("Hi."));
        Prompt overridden = SupportAgent.SYSTEM_PROMPT.with("Be brief with {{customer}} of {{shop}} ({{plan}}).", null);

        open(chats, DeskFakes.catalog(overridden)).send("Hi", Json.createObjectBuilder().add("customerId", "cus-bob").build());

        assertEquals("Be brief with cus-bob of Trailhead Outfitters (standard).", model.requests().getFirst().system());
    }

    @Test
    void aMessageWithoutClientDataIsRefusedBeforeTheAgentRuns(OfflineChats chats) {
        TestChat chat = open(chats).send("Where is my order?");

        assertTrue(chat.lastTurn().stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().equals("Invalid client data: required")), chat.lastTurn().toString());
        assertEquals(0, model.requests().size(), "the model is not asked");
    }

    @Test
    void clientDataThatNamesNoCustomerIsRefusedWithAMessageSayingWhatToSend(OfflineChats chats) {
        TestChat chat = open(chats).send("Where is my order?", Json.createObjectBuilder().add("plan", "pro").build());

        assertTrue(chat.lastTurn().stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().startsWith("The support desk needs to know who you are: send your customerId")),
                chat.lastTurn().toString());
        assertEquals(0, model.requests().size(), "the model is not asked");
    }

    @Test
    void clientDataThatIsNotACustomerContextFailsTheTurn(OfflineChats chats) {
        TestChat chat = open(chats).send("Hi", Json.createValue("cus-ann"));

        assertTrue(chat.lastTurn().stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().contains("Invalid client data")), chat.lastTurn().toString());
        assertEquals(0, model.requests().size());
    }

    @Test
    void theCustomersTimeZoneIsAskedFromTheBrowserAndTheTurnGoesOnWithItsAnswer(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "customerTimezone", "{}"),
                Reply.text("We will call you at 9:00 Oslo time."));

        TestChat chat = open(chats).send("Please call me back tomorrow morning", ANN);

        assertEquals(new UIMessageChunk.Finish(FinishReason.TOOL_CALLS, null), chat.lastTurn().getLast());
        assertEquals(ToolState.INPUT_AVAILABLE, chat.toolCalls().getFirst().state(), "the browser answers it");
        assertEquals(1, model.requests().size());

        chat.toolResult("call_1", Json.createObjectBuilder().add("timezone", "Europe/Oslo").build(), ANN);

        assertEquals("tool: customerTimezone {\"timezone\":\"Europe/Oslo\"}",
                DeskFakes.texts(model.requests().get(1)).getLast(), "the model reads the browser's answer");
        assertEquals(ToolState.OUTPUT_AVAILABLE, chat.toolCalls().getFirst().state());
        assertEquals("We will call you at 9:00 Oslo time.", chat.lastAnswer().text());
    }

    @Test
    void billingQuestionsGoToTheBillingAgentAsASubAgent(OfflineChats chats) {
        List<String> asked = new ArrayList<>();
        model.reply(Reply.toolCall("call_1", "askBilling", "{\"task\":\"Was O-1001 charged twice?\"}"),
                Reply.text("Billing says you were charged once."));
        chats.subAgent((agentId, task, context) -> {
            asked.add(agentId + ": " + task);
            return Json.createObjectBuilder().add("text", "One charge of 129.00.").build();
        });

        TestChat chat = open(chats).send("Was I charged twice for my shoes?", ANN);

        assertEquals(List.of("billing: Was O-1001 charged twice?"), asked);
        assertEquals("One charge of 129.00.",
                ((JsonObject) chat.toolCalls().getFirst().output()).getString("text"));
        assertEquals("Billing says you were charged once.", chat.lastAnswer().text());
    }

    @Test
    void anOrderIsLookedUpOnlyForItsOwnCustomer(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "lookupOrder", "{\"orderId\":\"O-1001\"}")
                        .thenToolCall("call_2", "lookupOrder", "{\"orderId\":\"O-2001\"}"),
                Reply.text("Your shoes cost 129.00."));

        TestChat chat = open(chats).send("What did my orders cost?", ANN);

        JsonValue own = chat.toolCalls().get(0).output();
        assertEquals(12900, own.asJsonObject().getInt("totalCents"));
        assertEquals(ToolState.OUTPUT_ERROR, chat.toolCalls().get(1).state());
        assertEquals("Customer cus-ann has no order O-2001", chat.toolCalls().get(1).errorText(),
                "another customer's order is not shown");
    }
}
