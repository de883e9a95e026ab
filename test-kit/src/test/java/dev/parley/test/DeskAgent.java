package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/** A support-desk agent for the kit's tests: typed client data names the customer; billing questions go to a sub-agent. */
@ChatAgent(id = "desk", clientData = DeskAgent.Customer.class)
public class DeskAgent implements Agent {

    public record Customer(String name) {
    }

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        Customer customer = turn.clientData(Customer.class);
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You help " + customer.name() + ".")
                .tools(turn.agentTool("askBilling", "Asks the billing agent", "billing")));
    }
}
