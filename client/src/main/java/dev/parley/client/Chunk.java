package dev.parley.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * One UI message chunk of a reply, as the agent wrote it to {@code .out} ({@code start}, {@code text-delta},
 * {@code tool-input-available}, {@code finish}, …), with the {@code .out} seq it was stored at. The accessors read
 * the common string fields and answer null when a chunk has none; {@link #json()} has all of it.
 */
public record Chunk(long seq, JsonObject json) {

    public String type() {
        return string("type");
    }

    /** The part id ({@code text-*}, {@code reasoning-*}, {@code data-*} chunks). */
    public String id() {
        return string("id");
    }

    public String delta() {
        return string("delta");
    }

    public String messageId() {
        return string("messageId");
    }

    public String finishReason() {
        return string("finishReason");
    }

    public String errorText() {
        return string("errorText");
    }

    public String toolCallId() {
        return string("toolCallId");
    }

    public String toolName() {
        return string("toolName");
    }

    public boolean isTextDelta() {
        return "text-delta".equals(type());
    }

    /** A string field of the chunk, or null when it is absent or not a string. */
    public String string(String name) {
        return json.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
