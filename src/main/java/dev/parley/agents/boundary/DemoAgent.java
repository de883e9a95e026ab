package dev.parley.agents.boundary;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.Models;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Map;

/**
 * The agent a fresh install chats with: the {@code default} model (the built-in demo model unless
 * {@code parley.models.default.*} configures a provider) answers every message, unless the message's metadata
 * names another configured model ({@code {"model": "fast"}}), as a model picker in a chat UI would. Its system
 * prompt is {@code demo-system}, which the console can override.
 */
@ChatAgent(id = "demo", prompts = DemoAgent.SYSTEM)
public class DemoAgent implements Agent {

    static final String SYSTEM = "demo-system";

    /** The system prompt; its text and model can be overridden in the console. */
    @Produces
    static final Prompt SYSTEM_PROMPT = new Prompt(SYSTEM, 1, "You are a helpful assistant.");

    @Inject
    Models models;

    @Inject
    PromptCatalog prompts;

    @Override
    public void run(Turn turn) {
        Prompt system = prompts.get(SYSTEM);
        turn.stream(model(turn, system), StreamRequest.builder().system(system.render(Map.of())));
    }

    /** Only configured models can be picked; an unknown name fails the turn with the names that exist. */
    private LanguageModel model(Turn turn, Prompt system) {
        if (turn.clientData() instanceof JsonObject metadata && metadata.get("model") instanceof JsonString name) {
            return models.get(name.getString());
        }
        return system.model() == null ? models.defaultModel() : models.get(system.model());
    }
}
