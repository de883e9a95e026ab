package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.agents.boundary.DemoApprovalAgent;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@OfflineAgentTest
class OfflineChatsTest {

    private final ScriptedModel model = ScriptedModel.create();
    private final List<String> notes = new ArrayList<>();
    private final NotesAgent.NoteStore store = new NotesAgent.NoteStore() {
        @Override
        public void save(String note) {
            notes.add(note);
        }

        @Override
        public void removeLast() {
            notes.removeLast();
        }
    };

    private OfflineChats chats;

    @BeforeEach
    void scriptedModelAndFakeStore(OfflineChats offline) {
        chats = offline.model(model).inject(NotesAgent.NoteStore.class, store);
    }

    @Test
    void aScriptedAnswerStreamsAsOneTurnWithItsHooksInOrder() {
        model.reply(Reply.reasoning("The user greets.").thenText("Hello there!"));

        TestChat chat = chats.open(NotesAgent.class).send("Hi");

        assertEquals("Hello there!", chat.lastAnswer().text());
        List<UIMessageChunk> turn = chat.lastTurn();
        assertInstanceOf(UIMessageChunk.Start.class, turn.getFirst());
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), turn.getLast());
        assertTrue(turn.stream().anyMatch(c -> c instanceof UIMessageChunk.ReasoningDelta r && r.delta().equals("The user greets.")));
        assertEquals(List.of(Hook.BOOT, Hook.CHAT_START, Hook.VALIDATE_MESSAGES, Hook.TURN_START,
                Hook.BEFORE_TURN_COMPLETE, Hook.TURN_COMPLETE), chat.hooks());
        assertEquals("You keep notes.", model.requests().getFirst().system());
    }

    @Test
    void aToolCallRunsTheToolWithTheInjectedFakeAndTheModelAnswersItsResult() {
        model.reply(Reply.toolCall("call_1", "saveNote", "{\"text\":\"buy milk\"}"), Reply.text("Saved."));

        TestChat chat = chats.open(NotesAgent.class).send("Note: buy milk");

        assertEquals(List.of("buy milk"), notes);
        UIPart.Tool call = chat.toolCalls().getFirst();
        assertEquals(ToolState.OUTPUT_AVAILABLE, call.state());
        assertEquals(Json.createObjectBuilder().add("saved", "buy milk").build(), call.output());
        assertTrue(chat.lastAnswer().text().endsWith("Saved."));
        assertEquals(2, model.requests().size());
        assertEquals(List.of("buy milk"), chat.state(NotesAgent.Memory.class).saved);
    }

    @Test
    void aModelErrorEndsTheTurnWithAnErrorAndTheChatGoesOn() {
        model.reply(Reply.error("rate limited"), Reply.text("Back again."));

        TestChat chat = chats.open(NotesAgent.class).send("Hi");

        assertTrue(chat.lastTurn().stream().anyMatch(UIMessageChunk.Error.class::isInstance));
        assertEquals(new UIMessageChunk.Finish(FinishReason.ERROR), chat.lastTurn().getLast());
        assertEquals(Hook.TURN_COMPLETE, chat.hooks().getLast());
        chat.send("Again");
        assertEquals("Back again.", chat.lastAnswer().text());
        assertEquals(TestChat.Status.WAITING, chat.status());
    }

    @Test
    void stopEndsTheStreamingTurnButNotTheRun() {
        model.reply(Reply.text("Hel").thenDelay(Duration.ofSeconds(30)).thenText("lo"), Reply.text("Still here."));
        TestChat chat = chats.open(NotesAgent.class);

        chat.sendWithoutWaiting(UIMessage.user("m1", "Hi"), null)
                .awaitChunk(UIMessageChunk.TextDelta.class::isInstance)
                .stop();

        assertInstanceOf(UIMessageChunk.Abort.class, chat.lastTurn().getLast());
        assertEquals(TestChat.Status.WAITING, chat.status());
        chat.send("Are you there?");
        assertEquals("Still here.", chat.lastAnswer().text());
        assertEquals(1, chat.runs().size());
    }

    @Test
    void anIdleRunSuspendsAndResumesWithItsStateAndHistory() {
        model.reply(Reply.text("One."), Reply.text("Two."));
        TestChat chat = chats.open(NotesAgent.class).send("First");

        chat.idle();
        assertEquals(TestChat.Status.SUSPENDED, chat.status());
        chat.send("Second");

        assertEquals(List.of(Hook.CHAT_SUSPEND, Hook.CHAT_RESUME),
                chat.hooks().stream().filter(h -> h == Hook.CHAT_SUSPEND || h == Hook.CHAT_RESUME).toList());
        assertEquals(2, chat.state(NotesAgent.Memory.class).turns);
        assertEquals(4, chat.history().size());
        assertEquals(2, model.requests().getLast().messages().size() - 1, "the resumed run sent the model the earlier turn");
        assertTrue(chat.runs().getFirst().resumed());
        assertEquals(1, chat.runs().size());
    }

    @Test
    void afterMaxTurnsTheNextMessageStartsAContinuationRun() {
        model.reply(Reply.text("1"), Reply.text("2"), Reply.text("3"), Reply.text("4"));
        TestChat chat = chats.open(NotesAgent.class).send("a").send("b").send("c");
        assertEquals(TestChat.Status.COMPLETED, chat.status());
        assertEquals("maxTurns", chat.runs().getFirst().endReason());

        chat.send("d");

        assertEquals("CONTINUATION", chat.runs().getLast().reason());
        assertEquals("4", chat.lastAnswer().text());
        assertEquals(8, chat.history().size());
    }

    @Test
    void anActionRunsTheActionHookWithoutATurn() {
        model.reply(Reply.toolCall("call_1", "saveNote", "{\"text\":\"call Ann\"}"), Reply.text("Saved."));
        TestChat chat = chats.open(NotesAgent.class).send("Note: call Ann");

        chat.action(NotesAgent.undo());

        assertEquals(List.of(), notes);
        assertEquals(Hook.ACTION, chat.hooks().getLast());
        assertTrue(chat.chunks().stream().anyMatch(c -> c instanceof UIMessageChunk.TextDelta d && d.delta().equals("Removed call Ann.")));
    }

    @Test
    void anActionThatIsNotTheDeclaredTypeIsAnsweredWithAnError() {
        TestChat chat = chats.open(NotesAgent.class);

        chat.action(Json.createValue(42));

        UIMessageChunk.Error error = chat.chunks().stream().filter(UIMessageChunk.Error.class::isInstance)
                .map(UIMessageChunk.Error.class::cast).findFirst().orElseThrow();
        assertTrue(error.errorText().startsWith("Invalid action"), "the user is told what was wrong: " + error.errorText());
    }

    @Test
    void anApprovedToolCallRunsAndADeniedOneDoesNot() {
        TestChat chat = chats.open(DemoApprovalAgent.class).send("Tell the team we ship on Friday");
        UIPart.Tool asked = chat.toolCalls().getFirst();
        assertEquals(ToolState.APPROVAL_REQUESTED, asked.state());

        chat.approve(asked.toolCallId());

        assertEquals(ToolState.OUTPUT_AVAILABLE, chat.toolCalls().getFirst().state());
        assertTrue(chat.lastAnswer().text().contains("the email was sent"));

        chat.send("And that we are hiring");
        chat.deny(chat.toolCalls().getLast().toolCallId(), "not yet");
        assertEquals(ToolState.OUTPUT_DENIED, chat.toolCalls().getLast().state());
    }

    @Test
    void aClientSideToolIsAnsweredByTheClientsResult() {
        TestChat chat = chats.open(DemoApprovalAgent.class).send("Where am I?");
        UIPart.Tool asked = chat.toolCalls().getFirst();
        assertEquals(ToolState.INPUT_AVAILABLE, asked.state());

        chat.toolResult(asked.toolCallId(), Json.createObjectBuilder().add("city", "Lisbon").build());

        assertTrue(chat.lastAnswer().text().contains("You are in Lisbon."));
    }

    @Test
    void anAgentFieldWithoutAFakeFailsNamingTheField() {
        OfflineChats bare = new OfflineChats().inject(NotesAgent.NoteStore.class, store);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bare.open(NotesAgent.class));
        assertTrue(e.getMessage().contains("NotesAgent.models needs a Models"), e.getMessage());
    }
}
