package dev.parley.agent.message;

import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * One part of a {@link UIMessage}, as the AI SDK (v5/v6) stores it. Fields Parley interprets are components;
 * every other wire key of a known part type travels in {@code extra}, and a part type this version does not know
 * is kept whole as {@link Unknown}, so a message read from a newer client is written back unchanged.
 */
public sealed interface UIPart {

    /** The wire {@code type}. */
    String type();

    enum TextState {
        STREAMING("streaming"), DONE("done");

        private final String wire;

        TextState(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static TextState fromWire(String s) {
            return s == null ? null : "streaming".equals(s) ? STREAMING : "done".equals(s) ? DONE : null;
        }
    }

    record Text(String text, TextState state, JsonObject providerMetadata, JsonObject extra) implements UIPart {
        public Text {
            Objects.requireNonNull(text, "text");
            extra = orEmpty(extra);
        }

        public Text(String text) {
            this(text, null, null, null);
        }

        public String type() {
            return "text";
        }
    }

    record Reasoning(String text, TextState state, JsonObject providerMetadata, JsonObject extra) implements UIPart {
        public Reasoning {
            Objects.requireNonNull(text, "text");
            extra = orEmpty(extra);
        }

        public Reasoning(String text) {
            this(text, null, null, null);
        }

        public String type() {
            return "reasoning";
        }
    }

    /** Both {@code tool-<name>} parts and {@code dynamic-tool} parts (then {@code dynamic} is true). */
    record Tool(String toolName, boolean dynamic, String toolCallId, ToolState state, JsonValue input,
                JsonValue output, String errorText, Approval approval, JsonObject extra) implements UIPart {
        public Tool {
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(state, "state");
            extra = orEmpty(extra);
        }

        public String type() {
            return dynamic ? "dynamic-tool" : "tool-" + toolName;
        }

        public Tool withState(ToolState newState) {
            return new Tool(toolName, dynamic, toolCallId, newState, input, output, errorText, approval, extra);
        }

        public Tool withInput(JsonValue newInput) {
            return new Tool(toolName, dynamic, toolCallId, state, newInput, output, errorText, approval, extra);
        }

        public Tool withOutput(ToolState newState, JsonValue newOutput, String newErrorText) {
            return new Tool(toolName, dynamic, toolCallId, newState, input, newOutput, newErrorText, approval, extra);
        }

        public Tool withApproval(Approval newApproval) {
            return new Tool(toolName, dynamic, toolCallId, state, input, output, errorText, newApproval, extra);
        }

        /** A copy whose pass-through member {@code key} is {@code value}; a null value leaves it unchanged. */
        public Tool withExtra(String key, JsonValue value) {
            if (value == null) {
                return this;
            }
            JsonObject e = JsonValues.PROVIDER.createObjectBuilder(extra).add(key, value).build();
            return new Tool(toolName, dynamic, toolCallId, state, input, output, errorText, approval, e);
        }
    }

    /** {@code approved} is null while the approval is only requested; {@code extra} carries newer members. */
    record Approval(String id, Boolean approved, String reason, JsonObject extra) {
        public Approval {
            Objects.requireNonNull(id, "id");
            extra = orEmpty(extra);
        }

        public Approval(String id, Boolean approved, String reason) {
            this(id, approved, reason, null);
        }
    }

    record SourceUrl(String sourceId, String url, String title, JsonObject extra) implements UIPart {
        public SourceUrl {
            extra = orEmpty(extra);
        }

        public String type() {
            return "source-url";
        }
    }

    record SourceDocument(String sourceId, String mediaType, String title, String filename, JsonObject extra)
            implements UIPart {
        public SourceDocument {
            extra = orEmpty(extra);
        }

        public String type() {
            return "source-document";
        }
    }

    record File(String mediaType, String url, String filename, JsonObject extra) implements UIPart {
        public File {
            extra = orEmpty(extra);
        }

        public String type() {
            return "file";
        }
    }

    /** The boundary between two model steps of one assistant message. */
    record StepStart() implements UIPart {
        public String type() {
            return "step-start";
        }
    }

    /** A custom {@code data-<name>} part; a later chunk with the same type and id replaces its data. */
    record Data(String name, String id, JsonValue data) implements UIPart {
        public Data {
            Objects.requireNonNull(name, "name");
        }

        public String type() {
            return "data-" + name;
        }
    }

    /** A part type this version does not model, kept verbatim. */
    record Unknown(JsonObject json) implements UIPart {
        public String type() {
            return json.getString("type", "");
        }
    }

    private static JsonObject orEmpty(JsonObject o) {
        return o == null ? JsonValue.EMPTY_JSON_OBJECT : o;
    }
}
