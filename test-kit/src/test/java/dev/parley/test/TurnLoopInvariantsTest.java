package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.ScriptedModel.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The turn loop's invariants (LiveRun, TurnRunner), on in-memory collaborators: every turn is closed by a
 * turn-complete whatever fails inside it, a stop ends the turn and not the run, suspension keeps state and history,
 * a run that ends hands pending input to a continuation, and a run that lost its lease writes nothing more.
 */
@OfflineAgentTest
class TurnLoopInvariantsTest {

    private final ScriptedModel model = ScriptedModel.create();

    @ParameterizedTest
    @ValueSource(strings = {"throw", "error", "model fails", "tool fails"})
    void everyTurnEndsWithATurnCompleteAndTheRunGoesOn(String failure, OfflineChats chats) {
        model.reply(Reply.error("provider down"));
        model.reply(Reply.toolCall("call_1", "broken", "{}"), Reply.text("The tool failed."));
        TestChat chat = chats.model(model).open(FaultyAgent.class);
        if (failure.equals("tool fails")) {
            chat.send("model fails"); // the first scripted reply is the model failure: use it up first
        }

        chat.send(failure);

        List<UIMessageChunk> turn = chat.lastTurn();
        assertInstanceOf(UIMessageChunk.Start.class, turn.getFirst());
        if (failure.equals("tool fails")) {
            assertEquals(ToolState.OUTPUT_ERROR, chat.toolCalls().getFirst().state());
            assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), turn.getLast());
        } else {
            assertTrue(turn.stream().anyMatch(UIMessageChunk.Error.class::isInstance), turn.toString());
            assertEquals(new UIMessageChunk.Finish(FinishReason.ERROR), turn.getLast());
        }
        assertEquals(Hook.TURN_COMPLETE, chat.hooks().getLast());
        assertEquals(TestChat.Status.WAITING, chat.status());
        assertEquals(1, chat.runs().size());
    }

    @Test
    void aStopEndsTheTurnWithAbortAndTheNextMessageIsAnsweredByTheSameRun(OfflineChats chats) {
        model.reply(Reply.text("Thinking").thenDelay(Duration.ofMinutes(1)).thenText(" done"), Reply.text("Yes."));
        TestChat chat = chats.model(model).open(FaultyAgent.class);

        chat.sendWithoutWaiting(UIMessage.user("m1", "Long answer please"), null)
                .awaitChunk(UIMessageChunk.TextDelta.class::isInstance).stop();

        assertInstanceOf(UIMessageChunk.Abort.class, chat.lastTurn().getLast());
        assertTrue(chat.chunks().stream().noneMatch(c -> c instanceof UIMessageChunk.TextDelta d && d.delta().contains("done")));
        chat.send("Still there?");
        assertEquals("Yes.", chat.lastAnswer().text());
        assertEquals(1, chat.runs().size());
    }

    @Test
    void aStopBetweenTurnsIsConsumedAndNotAppliedToTheNextTurn(OfflineChats chats) {
        model.reply(Reply.text("One."), Reply.text("Two."));
        TestChat chat = chats.model(model).open(FaultyAgent.class).send("first");

        chat.stop().send("second");

        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), chat.lastTurn().getLast());
        assertEquals("Two.", chat.lastAnswer().text());
    }

    @Test
    void aSuspendedRunResumesWithTheHistoryItsSnapshotKept(OfflineChats chats) {
        model.reply(Reply.text("First answer."), Reply.text("Second answer."));
        TestChat chat = chats.model(model).open(FaultyAgent.class).send("one");

        chat.idle().send("two");

        assertEquals(List.of("one", "First answer.", "two", "Second answer."),
                chat.history().stream().map(UIMessage::text).toList());
        assertEquals(3, model.requests().getLast().messages().size());
        assertEquals(List.of(TestChat.Status.WAITING), chat.runs().stream().map(r -> r.status()).toList());
    }

    @Test
    void endRunEndsTheRunAndTheNextMessageStartsAContinuationWithTheHistory(OfflineChats chats) {
        model.reply(Reply.text("Answer."));
        TestChat chat = chats.model(model).open(FaultyAgent.class).send("end run");
        assertEquals("endRun", chat.runs().getFirst().endReason());
        assertEquals(TestChat.Status.COMPLETED, chat.status());

        chat.send("hello again");

        assertEquals("CONTINUATION", chat.runs().getLast().reason());
        assertEquals(List.of(Hook.BOOT, Hook.VALIDATE_MESSAGES, Hook.TURN_START, Hook.BEFORE_TURN_COMPLETE,
                Hook.TURN_COMPLETE), chat.hooks().subList(chat.hooks().lastIndexOf(Hook.BOOT), chat.hooks().size()),
                "a continuation does not start the chat again");
        assertEquals(4, chat.history().size());
    }

    @Test
    void anUpgradeHandsTheChatToANewRunAtTheTurnBoundary(OfflineChats chats) {
        TestChat chat = chats.model(model).open(FaultyAgent.class).send("upgrade");

        assertEquals(List.of("INITIAL", "UPGRADE"), chat.runs().stream().map(r -> r.reason()).toList());
        assertEquals("upgrade", chat.runs().getFirst().endReason());
        assertEquals(TestChat.Status.WAITING, chat.status());
    }

    @Test
    void aRunThatLostItsLeaseWritesNothingMore(OfflineChats chats) {
        TestChat chat = chats.model(model).open(FaultyAgent.class);
        model.reply(Reply.text("Before").thenRun(chat::loseLease).thenText(" after the takeover"));

        chat.send("hi");

        assertTrue(chat.chunks().stream().noneMatch(c -> c instanceof UIMessageChunk.TextDelta d && d.delta().contains("after")),
                chat.chunks().toString());
        assertEquals(List.of(), chat.turns(), "no turn-complete from a run that lost its lease");
        assertEquals(List.of(), chat.history());
    }

    @Test
    void aRunThatLostItsLeaseBetweenTurnsDoesNotStartTheNextTurn(OfflineChats chats) {
        model.reply(Reply.text("One."), Reply.text("Two."));
        TestChat chat = chats.model(model).open(FaultyAgent.class).send("first");
        int written = chat.chunks().size();

        chat.loseLease().send("second");

        assertEquals(written, chat.chunks().size(), chat.chunks().toString());
        assertEquals(1, chat.turns().size());
    }
}
