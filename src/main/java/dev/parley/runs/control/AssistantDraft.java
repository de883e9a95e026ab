package dev.parley.runs.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a turn's chunks into the assistant UIMessage that goes into the history: text and reasoning parts by id,
 * step boundaries, persistent data parts (same type and id replaces), tool parts by call id, sources and files.
 */
final class AssistantDraft {

    private final String messageId;
    private final List<Object> parts = new ArrayList<>();
    private final Map<String, StringBuilder> open = new LinkedHashMap<>();
    private final Map<String, JsonObjectBuilder> tools = new LinkedHashMap<>();
    private JsonValue metadata;

    AssistantDraft(String messageId) {
        this.messageId = messageId;
    }

    void accept(JsonObject chunk) {
        String type = chunk.getString("type", "");
        switch (type) {
            case "text-start", "reasoning-start" -> {
                StringBuilder sb = new StringBuilder();
                open.put(type.substring(0, type.indexOf('-')) + ":" + chunk.getString("id", ""), sb);
                parts.add(new Object[]{type.startsWith("text") ? "text" : "reasoning", sb});
            }
            case "text-delta", "reasoning-delta" -> {
                StringBuilder sb = open.get(type.substring(0, type.indexOf('-')) + ":" + chunk.getString("id", ""));
                if (sb != null) {
                    sb.append(chunk.getString("delta", ""));
                }
            }
            case "start-step" -> parts.add(Json.createObjectBuilder().add("type", "step-start").build());
            case "tool-input-available", "tool-input-start" -> tool(chunk, "input-available", "input");
            case "tool-approval-request" -> tool(chunk, "approval-requested", null)
                    .add("approval", Json.createObjectBuilder().add("id", chunk.getString("approvalId", "")));
            case "tool-output-available" -> tool(chunk, "output-available", "output");
            case "tool-output-error", "tool-input-error" -> tool(chunk, "output-error", "errorText");
            case "tool-output-denied" -> tool(chunk, "output-denied", null);
            case "source-url", "source-document", "file" -> parts.add(chunk);
            case "message-metadata", "start", "finish" -> {
                if (chunk.containsKey("messageMetadata")) {
                    metadata = chunk.get("messageMetadata");
                }
            }
            default -> {
                if (type.startsWith("data-") && !chunk.getBoolean("transient", false)) {
                    dataPart(chunk);
                }
            }
        }
    }

    private JsonObjectBuilder tool(JsonObject chunk, String state, String field) {
        String id = chunk.getString("toolCallId", "");
        JsonObjectBuilder b = tools.get(id);
        if (b == null) {
            b = Json.createObjectBuilder().add("type", "tool-" + chunk.getString("toolName", "unknown")).add("toolCallId", id);
            tools.put(id, b);
            parts.add(b);
        }
        b.add("state", state);
        if (field != null && chunk.containsKey(field)) {
            b.add(field, chunk.get(field));
        }
        return b;
    }

    private void dataPart(JsonObject chunk) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("type", chunk.getString("type")).add("data", chunk.get("data"));
        if (chunk.containsKey("id")) {
            b.add("id", chunk.get("id"));
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i) instanceof JsonObject o && o.getString("type", "").equals(chunk.getString("type"))
                        && chunk.get("id").equals(o.get("id"))) {
                    parts.set(i, b.build());
                    return;
                }
            }
        }
        parts.add(b.build());
    }

    JsonObject message() {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (Object p : parts) {
            switch (p) {
                case Object[] text -> out.add(Json.createObjectBuilder().add("type", (String) text[0])
                        .add("text", text[1].toString()).add("state", "done"));
                case JsonObjectBuilder b -> out.add(b.build());
                case JsonObject o -> out.add(o);
                default -> throw new IllegalStateException("unexpected part " + p);
            }
        }
        JsonObjectBuilder m = Json.createObjectBuilder().add("id", messageId).add("role", "assistant").add("parts", out);
        if (metadata != null) {
            m.add("metadata", metadata);
        }
        return m.build();
    }
}
