package dev.parley.test;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client data, sub-agents, regenerate and close, offline. */
@OfflineAgentTest
class MoreOfflineChatsTest {

    private final ScriptedModel model = ScriptedModel.create();

    @Test
    void typedClientDataReachesTheAgent(OfflineChats chats) {
        model.reply(Reply.text("Hello Ann."));

        TestChat chat = chats.model(model).open(DeskAgent.class)
                .send("Hi", Json.createObjectBuilder().add("name", "Ann").build());

        assertEquals("You help Ann.", model.requests().getFirst().system());
        assertEquals("Hello Ann.", chat.lastAnswer().text());
    }

    @Test
    void clientDataThatIsNotTheDeclaredTypeFailsTheTurnWithAClearError(OfflineChats chats) {
        TestChat chat = chats.model(model).open(DeskAgent.class).send("Hi", Json.createValue("Ann"));

        assertTrue(chat.lastTurn().stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().contains("Invalid client data")), chat.lastTurn().toString());
        assertEquals(new UIMessageChunk.Finish(FinishReason.ERROR), chat.lastTurn().getLast());
        assertEquals(0, model.requests().size());
    }

    @Test
    void aSubAgentToolCallIsAnsweredByTheStandIn(OfflineChats chats) {
        List<String> asked = new ArrayList<>();
        model.reply(Reply.toolCall("call_1", "askBilling", "{\"task\":\"Why was Ann charged twice?\"}"),
                Reply.text("Billing refunded the second charge."));

        TestChat chat = chats.model(model).subAgent((agentId, task, context) -> {
            asked.add(agentId + ": " + task);
            return Json.createObjectBuilder().add("text", "Refunded.").build();
        }).open(DeskAgent.class).send("I was charged twice", Json.createObjectBuilder().add("name", "Ann").build());

        assertEquals(List.of("billing: Why was Ann charged twice?"), asked);
        assertEquals(ToolState.OUTPUT_AVAILABLE, chat.toolCalls().getFirst().state());
        assertEquals("Refunded.", ((JsonObject) chat.toolCalls().getFirst().output()).getString("text"));
        assertEquals("Billing refunded the second charge.", chat.lastAnswer().text());
    }

    @Test
    void approvalsAndActionsCarryTheClientDataAnAgentThatDeclaresItRequires(OfflineChats chats) {
        JsonObject ann = Json.createObjectBuilder().add("name", "Ann").build();
        model.reply(Reply.toolCall("call_1", "refund", "{\"cents\":500}"), Reply.text("Refunded."));
        TestChat chat = chats.model(model).open(DeskAgent.class).send("Refund me", ann);

        chat.approve("call_1", ann).action(Json.createObjectBuilder().add("type", "greet").build(), ann);

        assertEquals(ToolState.OUTPUT_AVAILABLE, chat.toolCalls().getFirst().state());
        assertEquals("Refunded.", chat.lastAnswer().text());
        assertTrue(chat.chunks().stream().anyMatch(c -> c instanceof UIMessageChunk.TextDelta t
                && t.delta().equals("Hello Ann.")), chat.chunks().toString());
    }

    @Test
    void anApprovalWithoutTheDeclaredClientDataFailsItsTurn(OfflineChats chats) {
        model.reply(Reply.toolCall("call_1", "refund", "{\"cents\":500}"), Reply.text("Refunded."));
        TestChat chat = chats.model(model).open(DeskAgent.class)
                .send("Refund me", Json.createObjectBuilder().add("name", "Ann").build());

        chat.approve("call_1");

        assertTrue(chat.lastTurn().stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().contains("Invalid client data")), chat.lastTurn().toString());
        assertEquals(1, model.requests().size(), "the tool loop did not go on");
    }

    @Test
    void regenerateReplacesTheLastAnswer(OfflineChats chats) {
        model.reply(Reply.text("First try."), Reply.text("Second try."));
        TestChat chat = chats.model(model).inject(NotesAgent.NoteStore.class, new NotesAgentExampleTest.ListNoteStore(
                new ArrayList<>())).open(NotesAgent.class).send("Hi");

        chat.regenerate();

        assertEquals(List.of("Hi", "Second try."), chat.history().stream().map(m -> m.text()).toList());
    }

    @Test
    void closingTheChatEndsTheRun(OfflineChats chats) {
        model.reply(Reply.text("Bye."));
        TestChat chat = chats.model(model).open(DeskAgent.class)
                .send("Hi", Json.createObjectBuilder().add("name", "Ann").build());

        chat.close();

        assertEquals(TestChat.Status.COMPLETED, chat.status());
        assertEquals("close", chat.runs().getLast().endReason());
    }
}
