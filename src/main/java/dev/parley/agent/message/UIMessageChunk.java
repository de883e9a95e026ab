package dev.parley.agent.message;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * The AI SDK's {@code UIMessageChunk} union (v6 dialect, decision D15). Each record holds exactly the members
 * the SDK's strict chunk schema allows for its type; nullable components are optional members and are omitted from
 * the wire when null, because {@code DefaultChatTransport} rejects a whole stream over one unexpected key.
 */
public sealed interface UIMessageChunk {

    /** The wire {@code type}. */
    String type();

    record Start(String messageId, JsonValue messageMetadata) implements UIMessageChunk {
        public String type() {
            return "start";
        }
    }

    record StartStep() implements UIMessageChunk {
        public String type() {
            return "start-step";
        }
    }

    record TextStart(String id, JsonObject providerMetadata) implements UIMessageChunk {
        public TextStart {
            Objects.requireNonNull(id, "id");
        }

        public TextStart(String id) {
            this(id, null);
        }

        public String type() {
            return "text-start";
        }
    }

    record TextDelta(String id, String delta, JsonObject providerMetadata) implements UIMessageChunk {
        public TextDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(delta, "delta");
        }

        public TextDelta(String id, String delta) {
            this(id, delta, null);
        }

        public String type() {
            return "text-delta";
        }
    }

    record TextEnd(String id, JsonObject providerMetadata) implements UIMessageChunk {
        public TextEnd {
            Objects.requireNonNull(id, "id");
        }

        public TextEnd(String id) {
            this(id, null);
        }

        public String type() {
            return "text-end";
        }
    }

    record ReasoningStart(String id, JsonObject providerMetadata) implements UIMessageChunk {
        public ReasoningStart {
            Objects.requireNonNull(id, "id");
        }

        public ReasoningStart(String id) {
            this(id, null);
        }

        public String type() {
            return "reasoning-start";
        }
    }

    record ReasoningDelta(String id, String delta, JsonObject providerMetadata) implements UIMessageChunk {
        public ReasoningDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(delta, "delta");
        }

        public ReasoningDelta(String id, String delta) {
            this(id, delta, null);
        }

        public String type() {
            return "reasoning-delta";
        }
    }

    record ReasoningEnd(String id, JsonObject providerMetadata) implements UIMessageChunk {
        public ReasoningEnd {
            Objects.requireNonNull(id, "id");
        }

        public ReasoningEnd(String id) {
            this(id, null);
        }

        public String type() {
            return "reasoning-end";
        }
    }

    /** Optional members common to the tool-input chunks. */
    record ToolCallInfo(Boolean providerExecuted, Boolean dynamic, String title, JsonObject providerMetadata) {
        public static final ToolCallInfo NONE = new ToolCallInfo(null, null, null, null);
    }

    record ToolInputStart(String toolCallId, String toolName, ToolCallInfo info) implements UIMessageChunk {
        public ToolInputStart {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            info = info == null ? ToolCallInfo.NONE : info;
        }

        public ToolInputStart(String toolCallId, String toolName) {
            this(toolCallId, toolName, ToolCallInfo.NONE);
        }

        public String type() {
            return "tool-input-start";
        }
    }

    record ToolInputDelta(String toolCallId, String inputTextDelta) implements UIMessageChunk {
        public ToolInputDelta {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(inputTextDelta, "inputTextDelta");
        }

        public String type() {
            return "tool-input-delta";
        }
    }

    /** {@code input} is required on the wire; a null component is written as JSON {@code null}. */
    record ToolInputAvailable(String toolCallId, String toolName, JsonValue input, ToolCallInfo info)
            implements UIMessageChunk {
        public ToolInputAvailable {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            input = input == null ? JsonValue.NULL : input;
            info = info == null ? ToolCallInfo.NONE : info;
        }

        public ToolInputAvailable(String toolCallId, String toolName, JsonValue input) {
            this(toolCallId, toolName, input, ToolCallInfo.NONE);
        }

        public String type() {
            return "tool-input-available";
        }
    }

    record ToolInputError(String toolCallId, String toolName, JsonValue input, String errorText, ToolCallInfo info)
            implements UIMessageChunk {
        public ToolInputError {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(errorText, "errorText");
            input = input == null ? JsonValue.NULL : input;
            info = info == null ? ToolCallInfo.NONE : info;
        }

        public ToolInputError(String toolCallId, String toolName, JsonValue input, String errorText) {
            this(toolCallId, toolName, input, errorText, ToolCallInfo.NONE);
        }

        public String type() {
            return "tool-input-error";
        }
    }

    record ToolApprovalRequest(String approvalId, String toolCallId) implements UIMessageChunk {
        public ToolApprovalRequest {
            Objects.requireNonNull(approvalId, "approvalId");
            Objects.requireNonNull(toolCallId, "toolCallId");
        }

        public String type() {
            return "tool-approval-request";
        }
    }

    record ToolOutputAvailable(String toolCallId, JsonValue output, Boolean providerExecuted, Boolean dynamic,
                               Boolean preliminary) implements UIMessageChunk {
        public ToolOutputAvailable {
            Objects.requireNonNull(toolCallId, "toolCallId");
            output = output == null ? JsonValue.NULL : output;
        }

        public ToolOutputAvailable(String toolCallId, JsonValue output) {
            this(toolCallId, output, null, null, null);
        }

        public String type() {
            return "tool-output-available";
        }
    }

    record ToolOutputError(String toolCallId, String errorText, Boolean providerExecuted, Boolean dynamic)
            implements UIMessageChunk {
        public ToolOutputError {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(errorText, "errorText");
        }

        public ToolOutputError(String toolCallId, String errorText) {
            this(toolCallId, errorText, null, null);
        }

        public String type() {
            return "tool-output-error";
        }
    }

    record ToolOutputDenied(String toolCallId) implements UIMessageChunk {
        public ToolOutputDenied {
            Objects.requireNonNull(toolCallId, "toolCallId");
        }

        public String type() {
            return "tool-output-denied";
        }
    }

    record SourceUrl(String sourceId, String url, String title, JsonObject providerMetadata) implements UIMessageChunk {
        public SourceUrl {
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(url, "url");
        }

        public String type() {
            return "source-url";
        }
    }

    record SourceDocument(String sourceId, String mediaType, String title, String filename,
                          JsonObject providerMetadata) implements UIMessageChunk {
        public SourceDocument {
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(title, "title");
        }

        public String type() {
            return "source-document";
        }
    }

    record File(String url, String mediaType, JsonObject providerMetadata) implements UIMessageChunk {
        public File {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(mediaType, "mediaType");
        }

        public String type() {
            return "file";
        }
    }

    /**
     * A {@code data-<name>} chunk. {@code ephemeral} is the wire member {@code transient} (a Java keyword): such
     * chunks reach the client's {@code onData} but are never stored in the message.
     */
    record Data(String name, String id, JsonValue data, boolean ephemeral) implements UIMessageChunk {
        public Data {
            Objects.requireNonNull(name, "name");
            data = data == null ? JsonValue.NULL : data;
        }

        public String type() {
            return "data-" + name;
        }
    }

    record MessageMetadata(JsonValue messageMetadata) implements UIMessageChunk {
        public MessageMetadata {
            Objects.requireNonNull(messageMetadata, "messageMetadata");
        }

        public String type() {
            return "message-metadata";
        }
    }

    record FinishStep() implements UIMessageChunk {
        public String type() {
            return "finish-step";
        }
    }

    record Finish(FinishReason finishReason, JsonValue messageMetadata) implements UIMessageChunk {
        public Finish(FinishReason finishReason) {
            this(finishReason, null);
        }

        public String type() {
            return "finish";
        }
    }

    record Abort(String reason) implements UIMessageChunk {
        public String type() {
            return "abort";
        }
    }

    record Error(String errorText) implements UIMessageChunk {
        public Error {
            Objects.requireNonNull(errorText, "errorText");
        }

        public String type() {
            return "error";
        }
    }
}
