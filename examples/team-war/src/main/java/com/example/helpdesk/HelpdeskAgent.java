package com.example.helpdesk;

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
 * A team's agent in the team's own WAR, next to Parley's stock agents: one tool, one prompt, the {@code default}
 * model. It imports nothing but the public agent API.
 */
@ChatAgent(id = "helpdesk", prompts = HelpdeskAgent.SYSTEM)
public class HelpdeskAgent implements Agent {

    static final String SYSTEM = "helpdesk-system";

    /** The tool's input. */
    public record TicketRef(String ticket) {
    }

    /** The tool's output. */
    public record TicketStatus(String ticket, String status) {
    }

    @Produces
    static final Prompt SYSTEM_PROMPT = new Prompt(SYSTEM, 1, "You answer {{team}}'s questions about their tickets.");

    private final Tool ticketStatus = Tool.of("ticketStatus", "The status of a support ticket", TicketRef.class,
            (ref, ctx) -> new TicketStatus(ref.ticket(), "ticket " + ref.ticket() + " is waiting for the customer"));

    @Inject
    Models models;

    @Inject
    PromptCatalog prompts;

    @Override
    public void run(Turn turn) {
        Prompt system = prompts.get(SYSTEM);
        turn.stream(models.defaultModel(), StreamRequest.builder()
                .system(system.render(Map.of("team", "the helpdesk")))
                .tools(ticketStatus));
    }
}
