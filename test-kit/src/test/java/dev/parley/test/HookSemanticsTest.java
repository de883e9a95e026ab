package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.test.ScriptedModel.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the validating and the closing hooks do to a turn, as a client sees it. */
@OfflineAgentTest
class HookSemanticsTest {

    private final ScriptedModel model = ScriptedModel.create();

    @Test
    void aValidateMessagesHookThatThrowsRejectsTheTurnBeforeTheModelIsAskedAndTheChatGoesOn(OfflineChats chats) {
        model.reply(Reply.text("Reset it from the account page."));

        TestChat chat = chats.model(model).open(GuardedAgent.class).send("My password is hunter2, reset it");

        List<UIMessageChunk> rejected = chat.lastTurn();
        assertTrue(rejected.stream().anyMatch(c -> c instanceof UIMessageChunk.Error e
                && e.errorText().contains("Please do not send passwords")), rejected.toString());
        assertEquals(new UIMessageChunk.Finish(FinishReason.ERROR), rejected.getLast());
        assertEquals(0, model.requests().size(), "the model never saw the rejected message");
        assertTrue(chat.hooks().contains(Hook.VALIDATE_MESSAGES));
        assertTrue(!chat.hooks().contains(Hook.TURN_START), "a rejected turn does not start: " + chat.hooks());

        chat.send("How do I reset my account?");
        assertEquals("Reset it from the account page.", chat.lastAnswer().text());
    }

    @Test
    void aValidateMessagesHookThatFailsOtherwiseShowsOnlyAnErrorId(OfflineChats chats) {
        TestChat chat = chats.model(model).open(GuardedAgent.class).send("Show me the audit log");

        UIMessageChunk.Error error = (UIMessageChunk.Error) chat.lastTurn().stream()
                .filter(c -> c instanceof UIMessageChunk.Error).findFirst().orElseThrow();
        assertTrue(error.errorText().startsWith("The agent could not answer (error id err_"), error.errorText());
        assertTrue(!error.errorText().contains("jdbc"), "the failure's detail stays in the log");
        assertEquals(0, model.requests().size());
    }

    @Test
    void chunksWrittenBeforeTheTurnCompletesBelongToTheAnswer(OfflineChats chats) {
        model.reply(Reply.text("Twenty days a year."));

        TestChat chat = chats.model(model).open(GuardedAgent.class).send("How much leave do I get?");

        List<UIMessageChunk> turn = chat.lastTurn();
        int sources = indexOf(turn, UIMessageChunk.Data.class);
        int finish = indexOf(turn, UIMessageChunk.Finish.class);
        assertTrue(sources > indexOf(turn, UIMessageChunk.TextDelta.class) && sources < finish, turn.toString());
        assertEquals(new UIMessageChunk.Finish(FinishReason.STOP), turn.getLast());
        assertTrue(chat.lastAnswer().parts().stream().anyMatch(p -> p.toString().contains("handbook")),
                "the data part is stored with the answer: " + chat.lastAnswer());
    }

    private static int indexOf(List<UIMessageChunk> chunks, Class<? extends UIMessageChunk> type) {
        for (int i = 0; i < chunks.size(); i++) {
            if (type.isInstance(chunks.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
