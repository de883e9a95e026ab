package dev.parley.telemetry.entity;

import dev.parley.agent.model.Usage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * What one model call of a turn cost and how it went, kept with the turn so the console can show it after the span
 * has gone to the backend. {@code provider}, {@code retries} and {@code breaker} are null for a model that is not a
 * networked provider (the demo model, an agent's own); {@code usage} is null when the call reported none.
 */
public record ModelCall(String provider, String model, Usage usage, long durationMs, Integer retries, String breaker,
                        String error) {

    /** Error texts come from providers; a row keeps a readable start of them, not a whole HTML error page. */
    static final int ERROR_CHARS = 300;

    public ModelCall {
        if (error != null && error.length() > ERROR_CHARS) {
            error = error.substring(0, ERROR_CHARS - 1) + "…";
        }
    }

    public JsonObject toJson() {
        JsonObjectBuilder o = Json.createObjectBuilder().add("provider", text(provider)).add("model", text(model));
        if (usage == null) {
            o.addNull("inputTokens").addNull("outputTokens").addNull("cachedTokens");
        } else {
            o.add("inputTokens", usage.inputTokens()).add("outputTokens", usage.outputTokens())
                    .add("cachedTokens", usage.cacheReadTokens());
        }
        o.add("durationMs", durationMs);
        o.add("retries", retries == null ? JsonValue.NULL : Json.createValue(retries));
        return o.add("breaker", text(breaker)).add("error", text(error)).build();
    }

    private static JsonValue text(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }
}
