package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;

/**
 * Test deployments only: build 1 of the agent {@code it-upgrade} (UpgradeIT deploys one build, then the other). It
 * answers with its build and the turns its run's state has counted, so the test sees which code answered and whether
 * a run's state was thawed.
 */
@ChatAgent(id = "it-upgrade", idleTimeoutSeconds = 1)
public class UpgradeProbeV1 implements Agent {

    public static class Counter {
        public int turns;
    }

    @Override
    public void run(Turn turn) {
        Counter c = turn.state().get(Counter.class);
        c.turns++;
        try (Turn.TextWriter text = turn.text()) {
            text.append("v1 state-turn=" + c.turns);
        }
    }
}
