package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.RejectedMessageException;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import dev.parley.agent.message.UIMessageChunk;
import jakarta.inject.Inject;
import jakarta.json.Json;

/** An agent that refuses messages carrying a password and cites its sources after every answer. */
@ChatAgent(id = "guarded")
public class GuardedAgent implements Agent {

    @Inject
    Models models;

    @On(Hook.VALIDATE_MESSAGES)
    void noPasswords(Lifecycle.ValidateMessages event) {
        if (event.messages().getLast().text().toLowerCase().contains("password")) {
            throw new RejectedMessageException("Please do not send passwords");
        }
        if (event.messages().getLast().text().contains("audit")) {
            throw new IllegalStateException("audit store unreachable at jdbc:postgresql://10.0.0.7/audit");
        }
    }

    @On(Hook.BEFORE_TURN_COMPLETE)
    void citeSources(Lifecycle.BeforeTurnComplete event) {
        event.turn().write(new UIMessageChunk.Data("sources", "sources-" + event.turn().number(),
                Json.createArrayBuilder().add("handbook §4").build(), false));
    }

    @Override
    public void run(Turn turn) {
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You answer from the handbook."));
    }
}
