package dev.parley.it.probe;

import dev.parley.agents.Agent;
import dev.parley.agents.ChatAgent;
import dev.parley.agents.Hook;
import dev.parley.agents.Lifecycle;
import dev.parley.agents.On;
import dev.parley.agents.Turn;
import dev.parley.chat.entity.UIMessage;

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
