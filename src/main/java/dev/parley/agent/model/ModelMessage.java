package dev.parley.agent.model;

import java.util.List;
import java.util.Objects;

/**
 * The provider-neutral conversation a model call receives (the AI SDK's {@code ModelMessage}): UIMessages are
 * converted to these, one assistant message plus one tool-results message per model step.
 */
public sealed interface ModelMessage {

    record System(String text) implements ModelMessage {
        public System {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Text and file content. */
    record User(List<Content> content) implements ModelMessage {
        public User {
            content = List.copyOf(content);
        }

        public static User text(String text) {
            return new User(List.of(new Content.Text(text)));
        }
    }

    /** Text, reasoning and tool calls. */
    record Assistant(List<Content> content) implements ModelMessage {
        public Assistant {
            content = List.copyOf(content);
        }
    }

    record ToolResults(List<Content.ToolResult> results) implements ModelMessage {
        public ToolResults {
            results = List.copyOf(results);
        }
    }
}
