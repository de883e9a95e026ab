package com.example.supportdesk.agent;

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
 * The billing specialist: the support agent's sub-agent ({@code askBilling}). Each question becomes a chat of its
 * own, answered from the order book; it never refunds, the support agent does that with the customer's approval.
 */
@ChatAgent(id = BillingAgent.ID, prompts = BillingAgent.SYSTEM)
public class BillingAgent implements Agent {

    static final String ID = "billing";
    static final String SYSTEM = "billing-system";

    @Produces
    static final Prompt SYSTEM_PROMPT = new Prompt(SYSTEM, 1, """
            You are the billing specialist of {{shop}}. The support desk asks you about charges and refunds; look \
            the order up and answer in two sentences.""");

    @Inject
    Models models;

    @Inject
    PromptCatalog prompts;

    @Inject
    OrderBook orders;

    private final Tool orderCharges = Tool.of("orderCharges", "What an order cost and how much of it was refunded",
            SupportAgent.OrderRef.class, (ref, ctx) -> orders.find(ref.orderId()).map(OrderBook.OrderSummary::toJson)
                    .orElseThrow(() -> new IllegalArgumentException("There is no order " + ref.orderId())));

    @Override
    public void run(Turn turn) {
        turn.stream(models.defaultModel(), StreamRequest.builder()
                .system(prompts.get(SYSTEM).render(Map.of("shop", SupportAgent.SHOP)))
                .tools(orderCharges));
    }
}
