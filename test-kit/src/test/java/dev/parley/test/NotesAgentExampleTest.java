package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.ToolState;
import dev.parley.test.OfflineAgentTest;
import dev.parley.test.OfflineChats;
import dev.parley.test.ScriptedModel;
import dev.parley.test.ScriptedModel.Reply;
import dev.parley.test.TestChat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@OfflineAgentTest
class NotesAgentExampleTest {

    /** The agent's store, faked: it keeps the notes in a list. */
    record ListNoteStore(List<String> notes) implements NotesAgent.NoteStore {
        public void save(String note) {
            notes.add(note);
        }

        public void removeLast() {
            notes.removeLast();
        }
    }

    @Test
    void savesANoteWithItsTool(OfflineChats chats) {
        List<String> saved = new ArrayList<>();
        ScriptedModel model = ScriptedModel.create().reply(
                Reply.toolCall("call_1", "saveNote", "{\"text\":\"buy milk\"}"),  // the first model call
                Reply.text("Saved."));                                              // after the tool ran

        TestChat chat = chats.model(model)                                         // where the agent @Injects Models
                .inject(NotesAgent.NoteStore.class, new ListNoteStore(saved))      // any other @Inject field, by type
                .open(NotesAgent.class)
                .send("Note: buy milk");                                           // returns once the turn completed

        assertEquals(List.of("buy milk"), saved);
        assertEquals(ToolState.OUTPUT_AVAILABLE, chat.toolCalls().getFirst().state());
        assertEquals("Saved.", chat.lastAnswer().text());
        assertEquals(List.of(Hook.BOOT, Hook.CHAT_START, Hook.VALIDATE_MESSAGES, Hook.TURN_START,
                Hook.BEFORE_TURN_COMPLETE, Hook.TURN_COMPLETE), chat.hooks());
    }
}
