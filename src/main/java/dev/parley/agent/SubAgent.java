package dev.parley.agent;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The seam through which an agent calls another agent as a tool. The run engine supplies the implementation
 * (it owns sessions and runs); the tool loop only sees an ordinary tool whose input is the task text.
 */
@FunctionalInterface
public interface SubAgent {

    /** Runs agent {@code agentId} on {@code task} and returns what the calling model should read. */
    Object run(String agentId, String task, ToolContext context) throws Exception;

    static Tool asTool(String name, String description, String agentId, SubAgent runner) {
        JsonObject schema = Json.createObjectBuilder()
                .add("type", "object")
                .add("properties", Json.createObjectBuilder().add("task", Json.createObjectBuilder()
                        .add("type", "string").add("description", "What the " + agentId + " agent should do")))
                .add("required", Json.createArrayBuilder().add("task"))
                .add("additionalProperties", false)
                .build();
        return Tool.of(name, description, schema,
                (input, context) -> runner.run(agentId, input.asJsonObject().getString("task"), context));
    }
}
