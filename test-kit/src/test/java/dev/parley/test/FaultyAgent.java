package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/** An agent that fails the way the user's message says, for the turn loop's invariants; otherwise it asks the model. */
@ChatAgent(id = "faulty")
public class FaultyAgent implements Agent {

    public record Nothing() {
    }

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        switch (turn.lastUserText()) {
            case "throw" -> throw new IllegalStateException("the agent broke");
            case "error" -> throw new StackOverflowError("the agent recursed");
            case "end run" -> turn.endRun();
            case "upgrade" -> turn.requestUpgrade();
            default -> turn.stream(models.defaultModel(), StreamRequest.builder().tools(Tool.of("broken",
                    "Always fails", Nothing.class, (input, context) -> {
                        throw new IllegalStateException("the tool broke");
                    })));
        }
    }
}
