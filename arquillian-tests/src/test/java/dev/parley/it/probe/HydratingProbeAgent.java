package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.On;
import dev.parley.agent.Turn;
import dev.parley.agent.message.UIMessage;

import java.util.List;

/** Test deployments only: an agent whose own store (here a constant) is the source of truth for the history. */
@ChatAgent(id = "it-hydrate", idleTimeoutSeconds = 2)
public class HydratingProbeAgent implements Agent {

    @On(Hook.HYDRATE_MESSAGES)
    void load(Lifecycle.HydrateMessages e) {
        e.use().accept(List.of(UIMessage.user("crm-1", "kept in the customer's database")));
    }

    @Override
    public void run(Turn turn) {
        try (Turn.TextWriter text = turn.text()) {
            text.append("history=" + turn.messages().size() + " first=" + turn.messages().getFirst().text()
                    + " last=" + turn.lastUserText());
        }
    }
}
