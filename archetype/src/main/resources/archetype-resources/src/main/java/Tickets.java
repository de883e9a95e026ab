package ${package};

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The support tickets the agent looks up. An in-memory map to start with: put your ticket system's client here, and
 * the agent and its tests stay as they are.
 */
@ApplicationScoped
public class Tickets {

    public record Ticket(String id, String status, String summary) {
    }

    private final Map<String, Ticket> byId;

    public Tickets() {
        this(List.of(
                new Ticket("T-1", "open", "The printer on the second floor jams on every second page"),
                new Ticket("T-2", "waiting for the customer", "VPN drops after ten minutes; asked for the client log"),
                new Ticket("T-3", "closed", "New laptop for the new hire, delivered on Monday")));
    }

    Tickets(List<Ticket> tickets) {
        this.byId = tickets.stream().collect(Collectors.toUnmodifiableMap(Ticket::id, Function.identity()));
    }

    public Optional<Ticket> find(String id) {
        return Optional.ofNullable(byId.get(id == null ? "" : id.strip().toUpperCase()));
    }
}
