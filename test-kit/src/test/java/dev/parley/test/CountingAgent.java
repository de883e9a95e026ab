package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;

/**
 * Answers with the number of turns its run's state has counted, so a test sees whether a run's state was thawed
 * (the count goes on) or a new run started (it starts again at 1).
 */
@ChatAgent(id = "counting")
public class CountingAgent implements Agent {

    public static class Count {
        public int turns;
    }

    @Override
    public void run(Turn turn) {
        Count c = turn.state().get(Count.class);
        c.turns++;
        try (Turn.TextWriter text = turn.text()) {
            text.append("turn " + c.turns + ": " + turn.lastUserText());
        }
    }

    /** The same agent declaring that any of its versions reads the state another wrote. */
    @ChatAgent(id = "counting-portable", resumesAcrossVersions = true)
    public static class Portable extends CountingAgent {
    }
}
