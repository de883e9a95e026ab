package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;

import java.util.ArrayList;
import java.util.List;

/**
 * Test deployments only: shares the chat store with its client. Each turn adds the user's words to the "notes" slot
 * (an update, so a client's change in between is kept) and answers with the tone the client set in "prefs" and the
 * number of notes. A short idle timeout lets tests see the store survive a suspension.
 */
@ChatAgent(id = "it-store", idleTimeoutSeconds = 1)
public class StoreProbeAgent implements Agent {

    public record Notes(List<String> items) {
    }

    public record Prefs(String tone) {
    }

    @Override
    public void run(Turn turn) {
        String tone = turn.store().slot("prefs", Prefs.class).get().map(Prefs::tone).orElse("none");
        Notes notes = turn.store().slot("notes", Notes.class).update(n -> {
            List<String> items = new ArrayList<>(n == null ? List.of() : n.items());
            items.add(turn.lastUserText());
            return new Notes(items);
        });
        try (Turn.TextWriter text = turn.text()) {
            text.append("tone=" + tone + " notes=" + notes.items().size());
        }
    }
}
