package dev.parley.agent.model;

import jakarta.json.JsonValue;

import java.util.Objects;

/** A piece of a {@link ModelMessage}, in the provider-neutral shape the adapters translate. */
public sealed interface Content {

    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An attachment; {@code url} may be a {@code data:} URL carrying the bytes. */
    record File(String mediaType, String url, String filename) implements Content {
        public File {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * Model reasoning. Anthropic requires thinking blocks to be sent back unchanged with their {@code signature}
     * (or as {@code redactedData}) when a tool loop continues, so both travel with the text.
     */
    record Reasoning(String text, String signature, String redactedData) implements Content {
        public Reasoning {
            text = text == null ? "" : text;
        }
    }

    record ToolCall(String id, String name, JsonValue input) implements Content {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            input = input == null ? JsonValue.EMPTY_JSON_OBJECT : input;
        }
    }

    /** The answer to a {@link ToolCall}; {@code error} marks failures, denials and invalid input. */
    record ToolResult(String toolCallId, String toolName, JsonValue output, boolean error) implements Content {
        public ToolResult {
            Objects.requireNonNull(toolCallId, "toolCallId");
            output = output == null ? JsonValue.NULL : output;
        }
    }
}
