package dev.parley.runs.control;

import dev.parley.agents.control.AgentDescriptor;
import dev.parley.platform.Bodies;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A run's payload (wire rule W20): for a first run its trigger ({@code submit-message} with the first message, or
 * {@code preload}) and client data; for every run the session's trigger-config limits, which win over the agent's
 * and the server's settings.
 */
record RunPayload(JsonObject json) {

    static RunPayload parse(String payload) {
        return new RunPayload(Bodies.parse(payload).asJsonObject());
    }

    String trigger() {
        return json.getString("trigger", "");
    }

    JsonValue metadata() {
        return json.get("metadata");
    }

    /** The first message of a first run, or null. */
    JsonObject message() {
        return json.get("message") instanceof JsonObject m ? m : null;
    }

    /** The session's {@code triggerConfig.idleTimeoutInSeconds} wins over the agent's idle timeout. */
    int idleSeconds(AgentDescriptor agent) {
        if (json.get("idleTimeoutInSeconds") instanceof JsonNumber n && n.intValue() > 0) {
            return n.intValue();
        }
        return agent == null ? 1 : agent.idleTimeoutSeconds();
    }

    /** The session's {@code triggerConfig.maxAttempts} wins over {@code PARLEY_RUNS_MAX_ATTEMPTS}. */
    int maxAttempts(int server) {
        return json.get("maxAttempts") instanceof JsonNumber n && n.intValue() > 0 ? n.intValue() : server;
    }

    /** {@code triggerConfig.maxDuration} in milliseconds of executed turn time, or 0 for no bound. */
    long maxDurationMs() {
        return json.get("maxDuration") instanceof JsonNumber n && n.longValue() > 0 ? n.longValue() * 1000 : 0;
    }
}
