package dev.parley.agents.boundary;

import dev.parley.agents.Agent;
import dev.parley.agents.ChatAgent;
import dev.parley.agents.Turn;
import dev.parley.models.control.Models;
import dev.parley.models.control.StreamRequest;
import jakarta.inject.Inject;

/**
 * The agent a fresh install chats with: the {@code default} model (the built-in demo model unless
 * {@code parley.models.default.*} configures a provider) answers every message.
 */
@ChatAgent(id = "demo")
public class DemoAgent implements Agent {

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You are a helpful assistant."));
    }
}
