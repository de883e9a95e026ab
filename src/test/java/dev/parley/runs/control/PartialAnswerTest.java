package dev.parley.runs.control;

import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.chat.control.MessageAccumulator;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A recovery continues the message a crash cut off: one message, partial text first, nothing twice, nothing open. */
class PartialAnswerTest {

    private static final UIMessage QUESTION = UIMessage.user("u1", "one two three");

    private static List<UIMessageChunk> crashedTurn() {
        return List.of(new UIMessageChunk.Start("msg_x", null), new UIMessageChunk.StartStep(),
                new UIMessageChunk.TextStart("t1"), new UIMessageChunk.TextDelta("t1", "You said: "),
                new UIMessageChunk.TextDelta("t1", "one "));
    }

    /** What the recovery's turn writes: its start, the closing chunks, the model's continuation, its finish. */
    private static List<UIMessageChunk> recoveryTurn(PartialAnswer.Continuation c, String continuation) {
        List<UIMessageChunk> out = new ArrayList<>();
        out.add(new UIMessageChunk.Start(c.history().getLast().id(), null));
        out.addAll(c.closing());
        out.addAll(List.of(new UIMessageChunk.StartStep(), new UIMessageChunk.TextStart("t2"),
                new UIMessageChunk.TextDelta("t2", continuation), new UIMessageChunk.TextEnd("t2", null),
                new UIMessageChunk.FinishStep(), new UIMessageChunk.Finish(null, null)));
        return out;
    }

    private static String text(UIMessage m) {
        StringBuilder sb = new StringBuilder();
        m.parts().forEach(p -> sb.append(p instanceof UIPart.Text t ? t.text() : ""));
        return sb.toString();
    }

    private static List<UIMessageChunk> concat(List<UIMessageChunk> a, List<UIMessageChunk> b) {
        List<UIMessageChunk> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theRecoveryContinuesThePartialMessageUnderItsIdAndClosesWhatTheCrashLeftOpen() {
        PartialAnswer partial = PartialAnswer.of(crashedTurn());
        PartialAnswer.Continuation c = partial.continueIn(List.of(QUESTION));

        assertEquals(2, c.history().size(), "the partial message follows the question it answers");
        UIMessage spliced = c.history().getLast();
        assertEquals("msg_x", spliced.id());
        assertEquals("You said: one ", text(spliced));
        assertEquals(List.of(new UIMessageChunk.TextEnd("t1", null), new UIMessageChunk.FinishStep()), c.closing());
        UIPart.Text cut = assertInstanceOf(UIPart.Text.class, spliced.parts().getLast());
        assertEquals(UIPart.TextState.DONE, cut.state(), "the model is shown a closed message");

        List<UIMessageChunk> recovery = recoveryTurn(c, "two three");
        recovery.forEach(c.draft()::accept);
        UIMessage stored = c.draft().message();
        assertEquals("You said: one two three", text(stored));
        assertEquals(stored, new MessageAccumulator().acceptAll(concat(crashedTurn(), recovery)).message(),
                "a reader of the turn (the crashed part, then the recovery) assembles the stored message");
    }

    @Test
    void aCrashedContinuationOfAnEarlierMessageIsFoldedOntoThatMessage() {
        UIMessage earlier = UIMessage.assistant("msg_x", List.of(new UIPart.StepStart(),
                new UIPart.Text("Before. ", UIPart.TextState.DONE, null, null)));
        PartialAnswer.Continuation c = PartialAnswer.of(crashedTurn()).continueIn(List.of(QUESTION, earlier));

        assertEquals(2, c.history().size(), "the continued message is replaced, not repeated");
        assertEquals("Before. You said: one ", text(c.history().getLast()));
    }

    @Test
    void aRecoveryThatCrashedInTurnIsContinuedAgainAsTheSameMessage() {
        PartialAnswer first = PartialAnswer.of(crashedTurn());
        List<UIMessageChunk> secondCrash = recoveryTurn(first.continueIn(List.of(QUESTION)), "two").subList(0, 6);
        PartialAnswer again = PartialAnswer.of(concat(crashedTurn(), secondCrash));
        PartialAnswer.Continuation c = again.continueIn(List.of(QUESTION));

        assertEquals("You said: one two", text(c.history().getLast()));
        assertEquals(List.of(new UIMessageChunk.TextEnd("t2", null), new UIMessageChunk.FinishStep()), c.closing());
    }

    @Test
    void aToolCallTheCrashInterruptedIsFailedSoTheModelIsNotShownAPendingCall() {
        List<UIMessageChunk> chunks = List.of(new UIMessageChunk.Start("msg_x", null), new UIMessageChunk.StartStep(),
                new UIMessageChunk.ToolInputStart("call_1", "weather", UIMessageChunk.ToolCallInfo.NONE),
                new UIMessageChunk.ToolInputAvailable("call_1", "weather", Json.createObjectBuilder().build(),
                        UIMessageChunk.ToolCallInfo.NONE));
        PartialAnswer.Continuation c = PartialAnswer.of(chunks).continueIn(List.of(QUESTION));

        UIPart.Tool call = assertInstanceOf(UIPart.Tool.class, c.history().getLast().parts().getLast());
        assertEquals(ToolState.OUTPUT_ERROR, call.state());
        assertEquals(PartialAnswer.INTERRUPTED, call.errorText());
    }

    @Test
    void nothingToContinueWhenTheCrashedTurnHadNotStartedAMessage() {
        assertNull(PartialAnswer.of(List.of(new UIMessageChunk.TextDelta("t1", "stray"))));
    }
}
