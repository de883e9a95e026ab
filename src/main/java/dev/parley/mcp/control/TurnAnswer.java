package dev.parley.mcp.control;

import dev.parley.platform.Bodies;
import dev.parley.platform.JsonValues;
import dev.parley.streams.control.TurnTail;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One turn's answer as an MCP client sees it: the assistant's text and, per tool call, its name, input, output or
 * error and whether it waits for an approval, folded from the turn's UI message chunks.
 */
public final class TurnAnswer implements TurnTail.Sink {

    private final StringBuilder text = new StringBuilder();
    private final Map<String, JsonObjectBuilder> tools = new LinkedHashMap<>();
    private String error;
    private TurnTail.End end;
    private String runId;

    @Override
    public void chunk(String chunkJson) {
        if (!(Bodies.parse(chunkJson) instanceof JsonObject c) || !(c.get("type") instanceof JsonString type)) {
            return;
        }
        switch (type.getString()) {
            case "text-delta" -> text.append(c.getString("delta", ""));
            case "error" -> error = c.getString("errorText", "error");
            case "tool-input-available" -> tool(c).add("toolName", c.getString("toolName", ""))
                    .add("input", c.getOrDefault("input", JsonValue.NULL)).add("state", "input-available");
            case "tool-input-error" -> tool(c).add("toolName", c.getString("toolName", ""))
                    .add("errorText", c.getString("errorText", "")).add("state", "output-error");
            case "tool-approval-request" -> tool(c).add("state", "approval-requested")
                    .add("approvalId", c.getString("approvalId", ""));
            case "tool-output-available" -> {
                if (!c.getBoolean("preliminary", false)) {
                    tool(c).add("output", c.getOrDefault("output", JsonValue.NULL)).add("state", "output-available");
                }
            }
            case "tool-output-error" -> tool(c).add("errorText", c.getString("errorText", "")).add("state", "output-error");
            case "tool-output-denied" -> tool(c).add("state", "output-denied");
            default -> {
            }
        }
    }

    private JsonObjectBuilder tool(JsonObject chunk) {
        String id = chunk.getString("toolCallId", "");
        return tools.computeIfAbsent(id, k -> JsonValues.PROVIDER.createObjectBuilder().add("toolCallId", k));
    }

    void end(TurnTail.End end) {
        this.end = end;
    }

    void runId(String runId) {
        this.runId = runId;
    }

    /** Why the wait ended badly, or null when the turn completed without an error chunk. */
    public String failure(long maxMillis) {
        return switch (end) {
            case TURN_COMPLETE -> error;
            case SESSION_CLOSED -> "The chat was closed before the agent answered.";
            case TIMED_OUT -> "No answer within " + maxMillis / 1000 + " s; the turn goes on: read the chat's history later.";
        };
    }

    public JsonObject toJson(String chatId) {
        var toolCalls = JsonValues.PROVIDER.createArrayBuilder();
        tools.values().forEach(toolCalls::add);
        JsonObjectBuilder out = JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId).add("text", text.toString())
                .add("toolCalls", toolCalls).add("finished", end == TurnTail.End.TURN_COMPLETE);
        if (runId != null) {
            out.add("runId", runId);
        }
        if (error != null) {
            out.add("error", error);
        }
        return out.build();
    }

    public String text() {
        return text.toString();
    }
}
