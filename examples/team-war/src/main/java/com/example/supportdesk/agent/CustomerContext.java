package com.example.supportdesk.agent;

/**
 * Who the support agent is talking to: the client sends it with every message ({@code metadata}, e.g. from the
 * signed-in shop page). {@code plan} is the customer's support plan; without one the customer is on {@code standard}.
 */
public record CustomerContext(String customerId, String plan) {

    static final String DEFAULT_PLAN = "standard";

    public String planOrDefault() {
        return plan == null || plan.isBlank() ? DEFAULT_PLAN : plan;
    }
}
