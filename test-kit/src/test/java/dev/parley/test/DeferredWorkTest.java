package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.ScriptedModel.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Turn.defer}: work beside the stream, finished before the turn completes, never failing the answer. */
@OfflineAgentTest
class DeferredWorkTest {

    private final ScriptedModel model = ScriptedModel.create();

    @Test
    void deferredWorkRunsWhileTheAnswerStreamsAndEndsBeforeTheTurnCompletes(OfflineChats chats) {
        CountDownLatch midStream = new CountDownLatch(1);
        CountDownLatch auditStarted = new CountDownLatch(1);
        AtomicBoolean streamSawTheAudit = new AtomicBoolean();
        List<String> entries = new CopyOnWriteArrayList<>();
        model.reply(Reply.text("Our office ")
                .thenRun(midStream::countDown)
                // the stream goes on only once the deferred task is running: it did not wait for the answer to end
                .thenRun(() -> streamSawTheAudit.set(await(auditStarted)))
                .thenText("opens at nine."));

        TestChat chat = chats.model(model).inject(AuditedAgent.AuditLog.class, (turn, question) -> {
            auditStarted.countDown();
            await(midStream);
            sleep(200); // slower than the rest of the answer: the turn must still wait for it
            entries.add(turn + ": " + question);
        }).open(AuditedAgent.class).send("When do you open?");

        assertTrue(streamSawTheAudit.get(), "the deferred task ran beside the stream");
        assertEquals(List.of("1: When do you open?"), entries, "finished by the time the turn completed");
        assertEquals("Our office opens at nine.", chat.lastAnswer().text());
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), chat.lastTurn().getLast());
    }

    @Test
    void aFailingDeferredTaskLeavesTheAnswerAsItIsAndTheChatGoesOn(OfflineChats chats) {
        model.reply(Reply.text("Nine to five."), Reply.text("Yes, on Saturdays too."));

        TestChat chat = chats.model(model).inject(AuditedAgent.AuditLog.class, (turn, question) -> {
            if (turn == 1) {
                throw new IllegalStateException("audit table is read-only");
            }
        }).open(AuditedAgent.class).send("Opening hours?");

        assertEquals("Nine to five.", chat.lastAnswer().text());
        assertTrue(chat.lastTurn().stream().noneMatch(c -> c instanceof UIMessageChunk.Error), chat.lastTurn().toString());
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), chat.lastTurn().getLast());
        assertTrue(chat.hooks().contains(Hook.TURN_COMPLETE));

        chat.send("Weekends?");
        assertEquals("Yes, on Saturdays too.", chat.lastAnswer().text());
    }

    @Test
    void anActionsDeferredWorkRunsToo(OfflineChats chats) {
        model.reply(Reply.text("Hello."));
        List<String> entries = new CopyOnWriteArrayList<>();

        TestChat chat = chats.model(model).inject(AuditedAgent.AuditLog.class, (turn, what) -> {
            sleep(100);
            entries.add(turn + ": " + what);
        }).open(AuditedAgent.class).send("Hi");
        chat.action(jakarta.json.Json.createObjectBuilder().add("type", "flag").build());

        assertEquals(List.of("1: Hi", "0: flagged"), entries);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
