package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/**
 * Test deployments only: answers through the configured model its message names first ({@code "openai …"},
 * {@code "anthropic …"}), which the container tests point at their provider fixture; a message containing
 * {@code " tools"} offers two tools, {@code weather} and {@code time}.
 */
@ChatAgent(id = "it-providers", idleTimeoutSeconds = 5)
public class ProviderProbeAgent implements Agent {

    public record City(String city) {
    }

    public record Zone(String zone) {
    }

    @Inject
    Models models;

    private final Tool weather = Tool.of("weather", "The current weather in a city", City.class,
            (in, ctx) -> "Sunny in " + in.city());
    private final Tool time = Tool.of("time", "The current time in a time zone", Zone.class,
            (in, ctx) -> "12:00 in " + in.zone());

    @Override
    public void run(Turn turn) {
        String said = turn.lastUserText();
        StreamRequest.Builder request = StreamRequest.builder().system("You are the provider probe.");
        if (said.contains(" tools")) {
            request.tools(weather, time);
        }
        turn.stream(models.get(said.substring(0, said.indexOf(' '))), request);
    }
}
