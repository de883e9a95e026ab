package dev.parley.agent.model;

import jakarta.json.JsonObject;

import java.util.Objects;

/** What the model is told about a tool: its name, what it is for, and the JSON Schema of its input. */
public record ToolSpec(String name, String description, JsonObject inputSchema) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
        description = description == null ? "" : description;
    }
}
