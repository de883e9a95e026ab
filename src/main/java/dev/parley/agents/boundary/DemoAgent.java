package dev.parley.agents.boundary;

import dev.parley.agents.Agent;
import dev.parley.agents.ChatAgent;
import dev.parley.agents.Turn;
import dev.parley.models.control.LanguageModel;
import dev.parley.models.control.Models;
import dev.parley.models.control.StreamRequest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * The agent a fresh install chats with: the {@code default} model (the built-in demo model unless
 * {@code parley.models.default.*} configures a provider) answers every message, unless the message's metadata
 * names another configured model ({@code {"model": "fast"}}), as a model picker in a chat UI would.
 */
@ChatAgent(id = "demo")
public class DemoAgent implements Agent {

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        turn.stream(model(turn), StreamRequest.builder().system("You are a helpful assistant."));
    }

    /** Only configured models can be picked; an unknown name fails the turn with the names that exist. */
    private LanguageModel model(Turn turn) {
        if (turn.clientData() instanceof JsonObject metadata && metadata.get("model") instanceof JsonString name) {
            return models.get(name.getString());
        }
        return models.defaultModel();
    }
}
