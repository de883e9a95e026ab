package dev.parley.agents.control;

import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.On;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A deployed agent: its configuration and its hook methods, found once at deployment. */
public record AgentDescriptor(String id, ChatAgent config, Class<?> type, Map<Hook, List<Method>> hooks) {

    /** Reads an agent class: its annotation and its {@code @On} hook methods. */
    public static AgentDescriptor of(Class<?> type) {
        ChatAgent config = type.getAnnotation(ChatAgent.class);
        Map<Hook, List<Method>> hooks = new EnumMap<>(Hook.class);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                On on = m.getAnnotation(On.class);
                if (on == null) {
                    continue;
                }
                if (m.getParameterCount() > 1) {
                    throw new IllegalArgumentException(m + ": a hook takes its Lifecycle record or nothing");
                }
                m.setAccessible(true);
                hooks.computeIfAbsent(on.value(), h -> new ArrayList<>()).add(m);
            }
        }
        return new AgentDescriptor(config.id(), config, type, hooks);
    }

    /** Overridable per deployment: {@code parley.agents.<id>.idle-timeout-seconds} (e.g. PARLEY_AGENTS_DEMO_IDLE_TIMEOUT_SECONDS). */
    public int idleTimeoutSeconds() {
        return setting("idle-timeout-seconds", config.idleTimeoutSeconds());
    }

    public int maxTurns() {
        return setting("max-turns", config.maxTurns());
    }

    public int turnTimeoutSeconds() {
        return setting("turn-timeout-seconds", config.turnTimeoutSeconds());
    }

    public int suspendedTimeoutSeconds() {
        return setting("suspended-timeout-seconds", config.suspendedTimeoutSeconds());
    }

    private int setting(String name, int annotated) {
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (IllegalStateException noConfigImplementation) {
            return annotated; // outside a server (offline agent tests) only the annotation configures the agent
        }
        return config.getOptionalValue("parley.agents." + id + "." + name, Integer.class).orElse(annotated);
    }

    public List<Method> hooks(Hook hook) {
        return hooks.getOrDefault(hook, List.of());
    }
}
