package dev.parley.agent.model;

import dev.parley.agent.message.FinishReason;

import java.util.Objects;

/**
 * What a provider streams for one model call. Text and reasoning arrive as deltas; a change of kind closes the
 * previous block. Tool calls are bracketed by start and end so arguments can be streamed to the UI as they come.
 * {@link Finish} is the last event of a complete response; a stream that ends without it was cut off.
 */
public sealed interface ModelEvent {

    record TextDelta(String text) implements ModelEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    record ReasoningDelta(String text) implements ModelEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Closes the current reasoning block with the provider's signature over it (Anthropic thinking). */
    record ReasoningSignature(String signature) implements ModelEvent {
    }

    /** A reasoning block the provider encrypted; it has no text but must be sent back verbatim. */
    record RedactedReasoning(String data) implements ModelEvent {
    }

    record ToolCallStart(String id, String name) implements ModelEvent {
        public ToolCallStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    record ToolCallDelta(String id, String argumentsDelta) implements ModelEvent {
    }

    record ToolCallEnd(String id) implements ModelEvent {
    }

    record Finish(FinishReason reason, Usage usage) implements ModelEvent {
        public Finish {
            Objects.requireNonNull(reason, "reason");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }
}
