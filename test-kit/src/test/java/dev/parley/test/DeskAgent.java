package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * A support-desk agent for the kit's tests: typed client data names the customer (so every message and action must
 * carry it); billing questions go to a sub-agent; a refund needs approval; an action greets the customer.
 */
@ChatAgent(id = "desk", clientData = DeskAgent.Customer.class, actions = DeskAgent.Greet.class)
public class DeskAgent implements Agent {

    public record Customer(String name) {
    }

    public record Refund(int cents) {
    }

    public record Greet(String type) {
    }

    private final Tool refund = Tool.of("refund", "Refunds", Refund.class,
            (r, ctx) -> Json.createObjectBuilder().add("refunded", r.cents()).build()).needsApproval();

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        Customer customer = turn.clientData(Customer.class);
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You help " + customer.name() + ".")
                .tools(turn.agentTool("askBilling", "Asks the billing agent", "billing"), refund));
    }

    @On(Hook.ACTION)
    void greet(Lifecycle.Action action) {
        try (Turn.TextWriter text = action.turn().text()) {
            text.append("Hello " + action.turn().clientData(Customer.class).name() + ".");
        }
    }
}
