package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.test.ScriptedModel.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code RECOVERY_BOOT}: after the node running a turn dies, the recovery run's hook gets the partial answer, and the
 * answer is continued under the same message id unless the hook asks to answer from scratch.
 */
@OfflineAgentTest
class RecoveryBootTest {

    private final ScriptedModel model = ScriptedModel.create();

    @Test
    void theRecoveryBootHookGetsThePartialAnswerAndTheRecoveryContinuesIt(OfflineChats chats) {
        model.reply(Reply.text("Hi."), Reply.text("The first half").thenDelay(Duration.ofMillis(300)).thenText(" never lands"),
                Reply.text(" and the second half."));
        TestChat chat = crashMidAnswer(chats.inject(RecoveringAgent.Policy.class, () -> false));

        Lifecycle.RecoveryBoot boot = recoveryBoot(chat);
        assertEquals("The first half", boot.partial().text(), "what the crashed turn had committed");
        assertEquals(List.of("Hello", "Hi."), boot.messages().stream().map(UIMessage::text).toList(),
                "the history as the last turn-complete stored it");
        assertEquals(List.of("CRASHED", "RECOVERY"), chat.runs().stream()
                .map(r -> r.status() == TestChat.Status.CRASHED ? "CRASHED" : r.reason()).toList());

        UIMessage answer = chat.lastAnswer();
        assertEquals("The first half and the second half.", answer.text(), "one message: the partial text, then the rest");
        assertEquals(boot.partial().id(), answer.id(), "continued under its own id");
        List<ModelMessage> recoveryCall = model.requests().get(2).messages();
        assertEquals(new ModelMessage.Assistant(List.of(new Content.Text("The first half"))), recoveryCall.getLast(),
                "the model is asked to go on from the partial answer");
        assertTrue(chat.chunks().stream().noneMatch(c -> c instanceof UIMessageChunk.TextDelta d
                && d.delta().contains("never")), "nothing the dead node wrote after the crash landed");
    }

    @Test
    void aRecoveryBootHookThatAnswersFromScratchGetsANewMessage(OfflineChats chats) {
        model.reply(Reply.text("Hi."), Reply.text("The first half").thenDelay(Duration.ofMillis(300)),
                Reply.text("A new answer."));
        TestChat chat = crashMidAnswer(chats.inject(RecoveringAgent.Policy.class, () -> true));

        Lifecycle.RecoveryBoot boot = recoveryBoot(chat);
        assertEquals("The first half", boot.partial().text());
        assertEquals("A new answer.", chat.lastAnswer().text());
        assertNotEquals(boot.partial().id(), chat.lastAnswer().id(), "a new message");
        assertInstanceOf(ModelMessage.User.class, model.requests().get(2).messages().getLast(),
                "the model answers the user's message, not the partial one");
    }

    private TestChat crashMidAnswer(OfflineChats chats) {
        TestChat chat = chats.model(model).open(RecoveringAgent.class).send("Hello");
        chat.sendWithoutWaiting(UIMessage.user("msg_sun", "Where is the sun?"), null)
                .awaitChunk(c -> c instanceof UIMessageChunk.TextDelta d && d.delta().equals("half"));
        return chat.crash();
    }

    private static Lifecycle.RecoveryBoot recoveryBoot(TestChat chat) {
        assertTrue(chat.hooks().contains(Hook.RECOVERY_BOOT), chat.hooks().toString());
        return chat.moments().stream().filter(Lifecycle.RecoveryBoot.class::isInstance)
                .map(Lifecycle.RecoveryBoot.class::cast).findFirst().orElseThrow();
    }
}
