package dev.parley.agents.control;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Finds every {@link ChatAgent} at deployment and fails the deployment on a broken one (no silent misconfiguration). */
public class AgentExtension implements Extension {

    private final Map<String, AgentDescriptor> agents = new HashMap<>();
    private final StringBuilder problems = new StringBuilder();

    <T> void discover(@Observes @WithAnnotations(ChatAgent.class) ProcessAnnotatedType<T> pat) {
        Class<T> type = pat.getAnnotatedType().getJavaClass();
        if (!type.isAnnotationPresent(ChatAgent.class)) {
            return;
        }
        if (!Agent.class.isAssignableFrom(type)) {
            problems.append(type.getName()).append(" is a @ChatAgent but does not implement ").append(Agent.class.getName()).append(". ");
            return;
        }
        try {
            AgentDescriptor d = AgentDescriptor.of(type);
            AgentDescriptor clash = agents.putIfAbsent(d.id(), d);
            if (clash != null) {
                problems.append("two agents have the id \"").append(d.id()).append("\": ")
                        .append(clash.type().getName()).append(" and ").append(type.getName()).append(". ");
            }
        } catch (IllegalArgumentException e) {
            problems.append(e.getMessage()).append(". ");
        }
    }

    void validate(@Observes AfterDeploymentValidation adv) {
        if (!problems.isEmpty()) {
            adv.addDeploymentProblem(new IllegalStateException(problems.toString().trim()));
        }
    }

    Map<String, AgentDescriptor> agents() {
        return Collections.unmodifiableMap(agents);
    }
}
