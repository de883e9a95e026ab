package com.example.forecast;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * An agent shipped in its own jar: one tool, one prompt, the {@code default} model. It lives outside Parley's
 * WAR and imports nothing but the public agent API.
 */
@ChatAgent(id = "forecast", prompts = ForecastAgent.SYSTEM)
public class ForecastAgent implements Agent {

    static final String SYSTEM = "forecast-system";

    /** The tool's input. */
    public record Place(String city) {
    }

    /** The tool's output. */
    public record Forecast(String city, String sky) {
    }

    @Produces
    static final Prompt SYSTEM_PROMPT = new Prompt(SYSTEM, 1, "You tell {{team}}'s users tomorrow's weather.");

    private final Tool forecast = Tool.of("forecast", "Tomorrow's sky over a city", Place.class,
            (place, ctx) -> new Forecast(place.city(), "clear skies over " + place.city()));

    @Inject
    Models models;

    @Inject
    PromptCatalog prompts;

    @Override
    public void run(Turn turn) {
        Prompt system = prompts.get(SYSTEM);
        turn.stream(models.defaultModel(), StreamRequest.builder()
                .system(system.render(Map.of("team", "the forecast team")))
                .tools(forecast));
    }
}
