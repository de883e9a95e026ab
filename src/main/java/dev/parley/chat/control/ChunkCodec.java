package dev.parley.chat.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIMessageChunk.ToolCallInfo;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import static dev.parley.platform.JsonValues.bool;
import static dev.parley.platform.JsonValues.object;
import static dev.parley.platform.JsonValues.put;
import static dev.parley.platform.JsonValues.string;

/**
 * Chunks to and from the AI SDK wire JSON. Writing guards decision D15: every object holds {@code type} plus
 * only the members the strict chunk schema allows for it, optional ones only when set. Reading (replaying
 * {@code .out} records) accepts exactly the same set and refuses anything else, so nothing unknown is re-emitted.
 */
public final class ChunkCodec {

    private ChunkCodec() {
    }

    public static String toJsonText(UIMessageChunk chunk) {
        return JsonValues.text(toJson(chunk));
    }

    public static JsonObject toJson(UIMessageChunk chunk) {
        JsonObjectBuilder b = JsonValues.PROVIDER.createObjectBuilder().add("type", chunk.type());
        switch (chunk) {
            case UIMessageChunk.Start c -> {
                put(b, "messageId", c.messageId());
                put(b, "messageMetadata", c.messageMetadata());
            }
            case UIMessageChunk.StartStep c -> { }
            case UIMessageChunk.TextStart c -> idAndMetadata(b, c.id(), null, c.providerMetadata());
            case UIMessageChunk.TextDelta c -> idAndMetadata(b, c.id(), c.delta(), c.providerMetadata());
            case UIMessageChunk.TextEnd c -> idAndMetadata(b, c.id(), null, c.providerMetadata());
            case UIMessageChunk.ReasoningStart c -> idAndMetadata(b, c.id(), null, c.providerMetadata());
            case UIMessageChunk.ReasoningDelta c -> idAndMetadata(b, c.id(), c.delta(), c.providerMetadata());
            case UIMessageChunk.ReasoningEnd c -> idAndMetadata(b, c.id(), null, c.providerMetadata());
            case UIMessageChunk.ToolInputStart c -> {
                b.add("toolCallId", c.toolCallId()).add("toolName", c.toolName());
                info(b, c.info());
            }
            case UIMessageChunk.ToolInputDelta c ->
                    b.add("toolCallId", c.toolCallId()).add("inputTextDelta", c.inputTextDelta());
            case UIMessageChunk.ToolInputAvailable c -> {
                b.add("toolCallId", c.toolCallId()).add("toolName", c.toolName()).add("input", c.input());
                info(b, c.info());
            }
            case UIMessageChunk.ToolInputError c -> {
                b.add("toolCallId", c.toolCallId()).add("toolName", c.toolName()).add("input", c.input())
                        .add("errorText", c.errorText());
                info(b, c.info());
            }
            case UIMessageChunk.ToolApprovalRequest c ->
                    b.add("approvalId", c.approvalId()).add("toolCallId", c.toolCallId());
            case UIMessageChunk.ToolOutputAvailable c -> {
                b.add("toolCallId", c.toolCallId()).add("output", c.output());
                put(b, "providerExecuted", c.providerExecuted());
                put(b, "dynamic", c.dynamic());
                put(b, "preliminary", c.preliminary());
            }
            case UIMessageChunk.ToolOutputError c -> {
                b.add("toolCallId", c.toolCallId()).add("errorText", c.errorText());
                put(b, "providerExecuted", c.providerExecuted());
                put(b, "dynamic", c.dynamic());
            }
            case UIMessageChunk.ToolOutputDenied c -> b.add("toolCallId", c.toolCallId());
            case UIMessageChunk.SourceUrl c -> {
                b.add("sourceId", c.sourceId()).add("url", c.url());
                put(b, "title", c.title());
                put(b, "providerMetadata", c.providerMetadata());
            }
            case UIMessageChunk.SourceDocument c -> {
                b.add("sourceId", c.sourceId()).add("mediaType", c.mediaType()).add("title", c.title());
                put(b, "filename", c.filename());
                put(b, "providerMetadata", c.providerMetadata());
            }
            case UIMessageChunk.File c -> {
                b.add("url", c.url()).add("mediaType", c.mediaType());
                put(b, "providerMetadata", c.providerMetadata());
            }
            case UIMessageChunk.Data c -> {
                put(b, "id", c.id());
                b.add("data", c.data());
                if (c.ephemeral()) {
                    b.add("transient", true);
                }
            }
            case UIMessageChunk.MessageMetadata c -> b.add("messageMetadata", c.messageMetadata());
            case UIMessageChunk.FinishStep c -> { }
            case UIMessageChunk.Finish c -> {
                put(b, "finishReason", c.finishReason() == null ? null : c.finishReason().wire());
                put(b, "messageMetadata", c.messageMetadata());
            }
            case UIMessageChunk.Abort c -> put(b, "reason", c.reason());
            case UIMessageChunk.Error c -> b.add("errorText", c.errorText());
        }
        return b.build();
    }

    private static void idAndMetadata(JsonObjectBuilder b, String id, String delta, JsonObject providerMetadata) {
        b.add("id", id);
        put(b, "delta", delta);
        put(b, "providerMetadata", providerMetadata);
    }

    private static void info(JsonObjectBuilder b, ToolCallInfo info) {
        put(b, "providerExecuted", info.providerExecuted());
        put(b, "providerMetadata", info.providerMetadata());
        put(b, "dynamic", info.dynamic());
        put(b, "title", info.title());
    }

    public static UIMessageChunk parse(String json) {
        return fromJson(JsonValues.parseObject(json));
    }

    /** A chunk from its wire JSON; unknown types and missing required members are refused. */
    public static UIMessageChunk fromJson(JsonObject o) {
        String type = text(o, "type");
        if (type.startsWith("data-") && type.length() > 5) {
            return new UIMessageChunk.Data(type.substring(5), string(o, "id"), member(o, "data"),
                    Boolean.TRUE.equals(bool(o, "transient")));
        }
        JsonObject pm = object(o, "providerMetadata");
        return switch (type) {
            case "start" -> new UIMessageChunk.Start(string(o, "messageId"), JsonValues.value(o, "messageMetadata"));
            case "start-step" -> new UIMessageChunk.StartStep();
            case "text-start" -> new UIMessageChunk.TextStart(text(o, "id"), pm);
            case "text-delta" -> new UIMessageChunk.TextDelta(text(o, "id"), text(o, "delta"), pm);
            case "text-end" -> new UIMessageChunk.TextEnd(text(o, "id"), pm);
            case "reasoning-start" -> new UIMessageChunk.ReasoningStart(text(o, "id"), pm);
            case "reasoning-delta" -> new UIMessageChunk.ReasoningDelta(text(o, "id"), text(o, "delta"), pm);
            case "reasoning-end" -> new UIMessageChunk.ReasoningEnd(text(o, "id"), pm);
            case "tool-input-start" ->
                    new UIMessageChunk.ToolInputStart(text(o, "toolCallId"), text(o, "toolName"), info(o));
            case "tool-input-delta" ->
                    new UIMessageChunk.ToolInputDelta(text(o, "toolCallId"), text(o, "inputTextDelta"));
            case "tool-input-available" -> new UIMessageChunk.ToolInputAvailable(text(o, "toolCallId"),
                    text(o, "toolName"), member(o, "input"), info(o));
            case "tool-input-error" -> new UIMessageChunk.ToolInputError(text(o, "toolCallId"),
                    text(o, "toolName"), member(o, "input"), text(o, "errorText"), info(o));
            case "tool-approval-request" ->
                    new UIMessageChunk.ToolApprovalRequest(text(o, "approvalId"), text(o, "toolCallId"));
            case "tool-output-available" -> new UIMessageChunk.ToolOutputAvailable(text(o, "toolCallId"),
                    member(o, "output"), bool(o, "providerExecuted"), bool(o, "dynamic"), bool(o, "preliminary"));
            case "tool-output-error" -> new UIMessageChunk.ToolOutputError(text(o, "toolCallId"),
                    text(o, "errorText"), bool(o, "providerExecuted"), bool(o, "dynamic"));
            case "tool-output-denied" -> new UIMessageChunk.ToolOutputDenied(text(o, "toolCallId"));
            case "source-url" ->
                    new UIMessageChunk.SourceUrl(text(o, "sourceId"), text(o, "url"), string(o, "title"), pm);
            case "source-document" -> new UIMessageChunk.SourceDocument(text(o, "sourceId"),
                    text(o, "mediaType"), text(o, "title"), string(o, "filename"), pm);
            case "file" -> new UIMessageChunk.File(text(o, "url"), text(o, "mediaType"), pm);
            case "message-metadata" -> new UIMessageChunk.MessageMetadata(member(o, "messageMetadata"));
            case "finish-step" -> new UIMessageChunk.FinishStep();
            case "finish" -> new UIMessageChunk.Finish(finishReason(o), JsonValues.value(o, "messageMetadata"));
            case "abort" -> new UIMessageChunk.Abort(string(o, "reason"));
            case "error" -> new UIMessageChunk.Error(text(o, "errorText"));
            default -> throw new IllegalArgumentException("unknown chunk type: " + type);
        };
    }

    private static JsonValue member(JsonObject o, String key) {
        if (!o.containsKey(key)) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return o.get(key);
    }

    private static String text(JsonObject o, String key) {
        return JsonValues.required(o, key);
    }

    private static ToolCallInfo info(JsonObject o) {
        return new ToolCallInfo(bool(o, "providerExecuted"), bool(o, "dynamic"), string(o, "title"),
                object(o, "providerMetadata"));
    }

    private static FinishReason finishReason(JsonObject o) {
        String s = string(o, "finishReason");
        return s == null ? null : FinishReason.fromWire(s);
    }
}
