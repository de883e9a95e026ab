package ${package};

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;

/**
 * A support agent with one tool: it looks tickets up before it talks about them. Chats whose {@code taskIdentifier}
 * is {@code tickets} are answered by it, with the {@code default} model (Parley's demo model until you configure a
 * provider: PARLEY_MODELS_DEFAULT_KIND and friends).
 */
@ChatAgent(id = "tickets")
public class TicketsAgent implements Agent {

    /** The tool's input: the model fills it in, checked against the schema Parley derives from this record. */
    public record TicketId(String id) {
    }

    @Inject
    Models models;

    @Inject
    Tickets tickets;

    @Override
    public void run(Turn turn) {
        turn.stream(models.defaultModel(), StreamRequest.builder()
                .system("You answer questions about support tickets. Look a ticket up before you say anything about it.")
                .tools(lookupTicket()));
    }

    Tool lookupTicket() {
        return Tool.of("lookupTicket", "A support ticket's status and summary, by its id (such as T-1)", TicketId.class,
                (ticket, context) -> {
                    Optional<Tickets.Ticket> found = tickets.find(ticket.id());
                    // an unknown id is something for the model to tell the user, not a failed tool call
                    return found.isPresent() ? found.get() : Map.of("error", "there is no ticket " + ticket.id());
                });
    }
}
