package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;
import jakarta.validation.constraints.NotBlank;

/** Test deployments only: an agent that declares typed, validated client data. */
@ChatAgent(id = "it-typed", idleTimeoutSeconds = 2, clientData = TypedProbeAgent.User.class)
public class TypedProbeAgent implements Agent {

    public static class User {
        @NotBlank
        public String userId;
    }

    @Override
    public void run(Turn turn) {
        try (Turn.TextWriter text = turn.text()) {
            text.append("hello " + turn.clientData(User.class).userId);
        }
    }
}
