package dev.parley.test;

import dev.parley.agent.Compaction;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction between turns and on request: the stored history is replaced once by a summary, later turns (also
 * after a suspension) start from it without summarising again, the model's prepareMessages hook is told why, and
 * the chat records the sizes before and after and what the summary cost.
 */
@OfflineAgentTest
class CompactionTest {

    /** 100 characters: two of these exchanges reach the agent's threshold of 100 estimated tokens (400 characters). */
    private static final String LONG = "a".repeat(92) + " plan A.";

    private final ScriptedModel model = ScriptedModel.create();
    private final ScriptedModel summary = ScriptedModel.named("summary");

    @Test
    void aHistoryThatReachesTheThresholdIsReplacedOnceByASummaryThatLaterTurnsStartFrom(OfflineChats chats) {
        model.reply(Reply.text(LONG), Reply.text(LONG), Reply.text("Plan A."));
        summary.reply(Reply.text("The user and the agent settled on plan A."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);

        chat.send("first " + LONG);
        assertEquals(0, summary.requests().size(), "under the threshold after one exchange");
        chat.send("second " + LONG);

        List<UIMessage> stored = chat.history();
        assertEquals(3, stored.size(), "the summary, then the last two messages: " + stored);
        assertEquals(Role.SYSTEM, stored.getFirst().role());
        assertEquals(Compaction.SUMMARY_PREFIX + "The user and the agent settled on plan A.", stored.getFirst().text());
        assertEquals("second " + LONG, stored.get(1).text());
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), chat.lastTurn().getLast(), "the answer stands");
        assertTrue(summary.requests().getFirst().messages().contains(ModelMessage.User.text("first " + LONG)),
                "the older exchange is what was summarised");

        chat.idle(); // the next turn starts from what was stored, not from the run's memory
        chat.send("Which plan?");

        ModelRequest third = model.requests().get(2);
        assertEquals(new ModelMessage.System(stored.getFirst().text()), third.messages().getFirst());
        assertTrue(third.messages().stream().noneMatch(m -> m.equals(ModelMessage.User.text("first " + LONG))),
                "the folded messages are gone: " + third.messages());
        assertEquals(new ModelMessage.System("The history was compacted: threshold"), third.messages().getLast(),
                "prepareMessages is told why");
        assertTrue(model.requests().get(1).messages().stream().noneMatch(m -> m.toString().contains("compacted")),
                "before the compaction it is told nothing");
        assertEquals(1, summary.requests().size(), "summarised once, not again for the next turn");
    }

    @Test
    void theTurnIsCompleteForItsReaderBeforeItsHistoryIsSummarised(OfflineChats chats) {
        model.reply(Reply.text(LONG), Reply.text(LONG), Reply.text("Plan A."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);
        AtomicInteger completeWhenAsked = new AtomicInteger(-1);
        summary.reply(Reply.text("Plan A was chosen.").thenRun(() -> completeWhenAsked.set(chat.turns().size())));

        chat.send("first " + LONG).send("second " + LONG);

        assertEquals(2, completeWhenAsked.get(), "the second turn's turn-complete was written before the summary call");
        List<UIMessage> stored = chat.history();
        assertEquals(3, stored.size(), "the compacted history is what the chat stores: " + stored);
        chat.crash(); // a new run starts from the stored snapshot
        chat.send("Which plan?");
        assertEquals(new ModelMessage.System(stored.getFirst().text()), model.requests().get(2).messages().getFirst());
        assertEquals(1, summary.requests().size(), "the snapshot held the compacted history: no second summary");
    }

    @Test
    void theChatRecordsTheHistorySizesBeforeAndAfterAndTheSummarysUsage(OfflineChats chats) {
        model.reply(Reply.text(LONG), Reply.text(LONG));
        summary.reply(Reply.text("Plan A was chosen."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);

        chat.send("first " + LONG).send("second " + LONG);

        assertEquals(1, chat.compactions().size());
        Compaction.HistoryCompacted c = chat.compactions().getFirst();
        assertEquals(Compaction.Reason.THRESHOLD, c.reason());
        assertEquals(4, c.messagesBefore());
        assertEquals(3, c.messagesAfter());
        assertTrue(c.tokensBefore() >= 100 && c.tokensAfter() < c.tokensBefore(), c.toString());
        assertEquals(Compaction.estimate(chat.history()), c.tokensAfter(), "the stored history is what was measured");
        // the scripted model counts 1 token in and a token per word out
        assertEquals(Usage.of(1, 4), c.usage(), "the summary call's tokens");
        assertEquals(Usage.of(3, 10), chat.totalUsage(), "two turns of (1, 3) and the summary's (1, 4)");
    }

    @Test
    void aCompactActionCompactsAtOnceAndSaysWhatItDid(OfflineChats chats) {
        model.reply(Reply.text("Noted."), Reply.text("Noted too."), Reply.text("Plan B."));
        summary.reply(Reply.text("Plan B replaced plan A."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);
        chat.send("Plan A").send("No, plan B");

        chat.action(Json.createObjectBuilder().add("type", "compact").build());

        assertEquals("Compacted 4 messages into 3.", text(chat.lastTurn()));
        assertEquals(3, chat.history().size(), "stored with the action's completion: " + chat.history());
        assertEquals(Compaction.SUMMARY_PREFIX + "Plan B replaced plan A.", chat.history().getFirst().text());
        assertEquals(Compaction.Reason.REQUESTED, chat.compactions().getFirst().reason());
        assertEquals(Usage.of(1, 5), chat.compactions().getFirst().usage(), "one token in, one out per word");

        chat.send("Which plan?");
        List<ModelMessage> next = model.requests().getLast().messages();
        assertEquals(new ModelMessage.System(Compaction.SUMMARY_PREFIX + "Plan B replaced plan A."), next.getFirst());
        assertEquals(new ModelMessage.System("The history was compacted: requested"), next.getLast());
    }

    @Test
    void aCompactActionWithNothingToFoldLeavesTheHistoryAsItWas(OfflineChats chats) {
        model.reply(Reply.text("Noted."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class).send("Plan A");

        chat.action(Json.createObjectBuilder().add("type", "compact").build());

        assertEquals("Nothing to compact yet.", text(chat.lastTurn()));
        assertEquals(List.of("Plan A", "Noted."), chat.history().stream().map(UIMessage::text).toList());
        assertTrue(chat.compactions().isEmpty());
        assertEquals(0, summary.requests().size());
    }

    @Test
    void aFailingSummaryLeavesTheAnswerAndTheHistoryAsTheyWereAndTheNextTurnCompactsBeforeItsModelCall(OfflineChats chats) {
        model.reply(Reply.text(LONG), Reply.text(LONG), Reply.text("Plan A."));
        summary.reply(Reply.error("the summary model is down"), Reply.text("Plan A was chosen."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);

        chat.send("first " + LONG).send("second " + LONG);
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), chat.lastTurn().getLast(), "the answer stands");
        assertEquals(4, chat.history().size(), "nothing folded");
        assertTrue(chat.compactions().isEmpty());

        chat.send("Which plan?");
        assertEquals(new ModelMessage.System(Compaction.SUMMARY_PREFIX + "Plan A was chosen."),
                model.requests().getLast().messages().getFirst(), "compacted before the third turn's model call");
        assertEquals(Compaction.SUMMARY_PREFIX + "Plan A was chosen.", chat.history().getFirst().text());
        assertEquals(List.of(Compaction.Reason.THRESHOLD), chat.compactions().stream()
                .map(Compaction.HistoryCompacted::reason).toList());
        assertEquals(2, summary.requests().size(), "the failed summary, then one more");
    }

    @Test
    void aTurnThatCallsTheModelTwiceAfterCompactingSendsTheSummaryBothTimes(OfflineChats chats) {
        model.reply(Reply.text(LONG), Reply.text(LONG), Reply.text("Draft."), Reply.text("Plan A."));
        summary.reply(Reply.error("the summary model is down"), Reply.text("Plan A was chosen."));
        TestChat chat = chats.model(model, summary).open(CompactingAgent.class);

        chat.send("first " + LONG).send("second " + LONG).send("twice: which plan?");

        assertEquals(4, model.requests().size(), "both calls of the third turn reached the model: " + chat.lastTurn());
        ModelMessage summarised = new ModelMessage.System(Compaction.SUMMARY_PREFIX + "Plan A was chosen.");
        assertEquals(summarised, model.requests().get(2).messages().getFirst(), "the first call of the turn");
        assertEquals(summarised, model.requests().get(3).messages().getFirst(), "and its second");
    }

    private static String text(List<UIMessageChunk> chunks) {
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> {
            if (c instanceof UIMessageChunk.TextDelta d) {
                out.append(d.delta());
            }
        });
        return out.toString();
    }
}
