package dev.parley.agent;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelMessage;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a running tool may use: its call id, the turn's abort signal (long tools should stop when it fires), the
 * messages the model saw, and a writer for custom {@code data-*} parts (progress, previews) that stream to the
 * client before the tool's output.
 */
public record ToolContext(String toolCallId, AbortSignal abort, List<ModelMessage> messages,
                          Consumer<UIMessageChunk> writer) {

    public ToolContext {
        messages = List.copyOf(messages);
    }

    /** Streams a {@code data-<name>} part; a later write with the same id replaces it in the message. */
    public void write(String name, String id, JsonValue data) {
        writer.accept(new UIMessageChunk.Data(name, id, data, false));
    }

    /**
     * Streams a preliminary output of this tool call (the client shows it until the final output replaces it; the
     * model only ever sees the final one). For long tools: progress, a sub-agent's answer as it grows.
     */
    public void preliminary(JsonValue output) {
        writer.accept(new UIMessageChunk.ToolOutputAvailable(toolCallId, output, null, null, true));
    }
}
