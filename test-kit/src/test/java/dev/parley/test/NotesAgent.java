package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A small agent for the kit's own tests: it keeps notes with a tool backed by an injected store, counts its turns in
 * the run's state, undoes the last note on an action, and ends its run after three turns.
 */
@ChatAgent(id = "notes", maxTurns = 3, actions = NotesAgent.Undo.class)
public class NotesAgent implements Agent {

    /** The store the agent writes notes to (a database in a real application). */
    public interface NoteStore {
        void save(String note);

        void removeLast();
    }

    public record Note(String text) {
    }

    /** The run's state. */
    public static class Memory {
        public int turns;
        public List<String> saved = new ArrayList<>();
    }

    public static class Undo {
        public String type;
    }

    @Inject
    Models models;

    @Inject
    NoteStore store;

    @Override
    public void run(Turn turn) {
        Memory memory = turn.state().get(Memory.class);
        memory.turns++;
        Tool save = Tool.of("saveNote", "Saves a note", Note.class, (note, context) -> {
            store.save(note.text());
            memory.saved.add(note.text());
            return Json.createObjectBuilder().add("saved", note.text()).build();
        });
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You keep notes.").tools(save));
    }

    @On(Hook.ACTION)
    void undo(Lifecycle.Action action) {
        Memory memory = action.turn().state().get(Memory.class);
        store.removeLast();
        String removed = memory.saved.isEmpty() ? "nothing" : memory.saved.removeLast();
        try (Turn.TextWriter text = action.turn().text()) {
            text.append("Removed " + removed + ".");
        }
    }

    @On(Hook.CHAT_SUSPEND)
    void suspending() {
    }

    @On(Hook.CHAT_RESUME)
    void resumed() {
    }

    static JsonObject undo() {
        return Json.createObjectBuilder().add("type", "undo").build();
    }
}
