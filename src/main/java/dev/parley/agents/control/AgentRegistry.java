package dev.parley.agents.control;

import dev.parley.agent.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.Optional;

/** The deployed agents by id. */
@ApplicationScoped
public class AgentRegistry {

    @Inject
    AgentExtension extension;

    public Optional<AgentDescriptor> find(String id) {
        return Optional.ofNullable(extension.agents().get(id));
    }

    public Collection<AgentDescriptor> all() {
        return extension.agents().values();
    }

    /** The agent's contextual instance (application-scoped through its stereotype). */
    public Agent instance(AgentDescriptor d) {
        return (Agent) CDI.current().select(d.type()).get();
    }
}
