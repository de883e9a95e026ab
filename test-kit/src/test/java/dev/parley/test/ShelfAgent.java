package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/** Leaves each turn's use of the chat store to its test, which may also keep the store for after the turn. */
@ChatAgent(id = "shelf")
public class ShelfAgent implements Agent {

    public record Shelf(String label) {
    }

    /** What a turn does with the store. */
    public interface Work {
        void during(Turn turn);
    }

    @Inject
    Work work;

    @Override
    public void run(Turn turn) {
        work.during(turn);
        try (Turn.TextWriter text = turn.text()) {
            text.append("done");
        }
    }
}
