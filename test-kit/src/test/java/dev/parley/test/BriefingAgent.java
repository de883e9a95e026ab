package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import dev.parley.agent.model.ModelMessage;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * Briefs its model with {@code Turn.inject}: the order tool adds what it learnt for the next step, and a message
 * starting "remember" has deferred work, started once the answer is written, note a preference for the next turn.
 */
@ChatAgent(id = "briefing")
public class BriefingAgent implements Agent {

    public record Order(String id) {
    }

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        Tool track = Tool.of("trackOrder", "Where an order is", Order.class, (order, context) -> {
            turn.inject(new ModelMessage.System("Order " + order.id() + " left the warehouse yesterday."));
            return Json.createObjectBuilder().add("status", "shipped").build();
        });
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You help with orders.").tools(track));
        if (turn.lastUserText().startsWith("remember")) { // after the answer: nothing in this turn waits for it
            turn.defer(() -> turn.inject(new ModelMessage.System("The customer prefers email.")));
        }
    }
}
