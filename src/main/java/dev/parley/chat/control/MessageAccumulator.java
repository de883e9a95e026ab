package dev.parley.chat.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIMessageStreamException;
import dev.parley.agent.message.UIPart;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the assistant {@link UIMessage} from its chunks exactly as the AI SDK's {@code processUIMessageStream}
 * (behind {@code readUIMessageStream} and {@code useChat}) does, so the history Parley stores is the message the
 * browser shows. It refuses what the SDK's reducer refuses (a delta before its start, a tool chunk for an unknown
 * call) with {@link UIMessageStreamException}. Fed a cut-off stream, it yields the partial message a recovery
 * boot needs; started from an assistant message, it continues it the way a tool-approval continuation does.
 * Not thread-safe: one turn feeds it from one thread.
 */
public final class MessageAccumulator {

    private String id;
    private JsonValue metadata;
    private final List<UIPart> parts = new ArrayList<>();
    private final Map<String, Integer> activeText = new HashMap<>();
    private final Map<String, Integer> activeReasoning = new HashMap<>();
    private final Map<String, PartialCall> partialCalls = new HashMap<>();
    private FinishReason finishReason;
    private String errorText;
    private boolean aborted;

    private record PartialCall(StringBuilder text, String toolName, boolean dynamic) {
    }

    /** A new assistant message; its id comes from the {@code start} chunk ("" until then, as in the SDK). */
    public MessageAccumulator() {
        this.id = "";
    }

    /** Continues {@code last} when it is an assistant message, else starts a new one. */
    public MessageAccumulator(UIMessage last) {
        this();
        if (last != null && last.role() == Role.ASSISTANT) {
            id = last.id();
            metadata = last.metadata();
            parts.addAll(last.parts());
        }
    }

    public UIMessage message() {
        return new UIMessage(id, Role.ASSISTANT, parts, metadata);
    }

    /** The {@code finishReason} of the {@code finish} chunk, or null before it (or when it carried none). */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** The text of the last {@code error} chunk, or null. */
    public String errorText() {
        return errorText;
    }

    public boolean aborted() {
        return aborted;
    }

    public MessageAccumulator acceptAll(Iterable<? extends UIMessageChunk> chunks) {
        chunks.forEach(this::accept);
        return this;
    }

    public void accept(UIMessageChunk chunk) {
        switch (chunk) {
            case UIMessageChunk.Start c -> {
                if (c.messageId() != null) {
                    id = c.messageId();
                }
                mergeMetadata(c.messageMetadata());
            }
            case UIMessageChunk.StartStep c -> parts.add(new UIPart.StepStart());
            case UIMessageChunk.FinishStep c -> {
                activeText.clear();
                activeReasoning.clear();
            }
            case UIMessageChunk.TextStart c -> {
                activeText.put(c.id(), parts.size());
                parts.add(new UIPart.Text("", UIPart.TextState.STREAMING, c.providerMetadata(), null));
            }
            case UIMessageChunk.TextDelta c -> appendText(c.type(), c.id(), c.delta(), c.providerMetadata(), false);
            case UIMessageChunk.TextEnd c -> endText(c.type(), c.id(), c.providerMetadata(), false);
            case UIMessageChunk.ReasoningStart c -> {
                activeReasoning.put(c.id(), parts.size());
                parts.add(new UIPart.Reasoning("", UIPart.TextState.STREAMING, c.providerMetadata(), null));
            }
            case UIMessageChunk.ReasoningDelta c -> appendText(c.type(), c.id(), c.delta(), c.providerMetadata(), true);
            case UIMessageChunk.ReasoningEnd c -> endText(c.type(), c.id(), c.providerMetadata(), true);
            case UIMessageChunk.ToolInputStart c -> toolInputStart(c);
            case UIMessageChunk.ToolInputDelta c -> toolInputDelta(c);
            case UIMessageChunk.ToolInputAvailable c -> upsertTool(c.toolCallId(), c.toolName(),
                    Boolean.TRUE.equals(c.info().dynamic()), ToolState.INPUT_AVAILABLE, c.input(), c.info());
            case UIMessageChunk.ToolInputError c -> toolInputError(c);
            case UIMessageChunk.ToolApprovalRequest c -> {
                int i = toolIndex(c.type(), c.toolCallId());
                UIPart.Tool t = tool(i).withState(ToolState.APPROVAL_REQUESTED);
                parts.set(i, t.withApproval(new UIPart.Approval(c.approvalId(), null, null)));
            }
            case UIMessageChunk.ToolOutputDenied c -> {
                int i = toolIndex(c.type(), c.toolCallId());
                parts.set(i, tool(i).withState(ToolState.OUTPUT_DENIED));
            }
            case UIMessageChunk.ToolOutputAvailable c -> {
                int i = toolIndex(c.type(), c.toolCallId());
                UIPart.Tool t = tool(i).withOutput(ToolState.OUTPUT_AVAILABLE, c.output(), null);
                parts.set(i, t.withExtra("providerExecuted", bool(c.providerExecuted()))
                        .withExtra("preliminary", bool(c.preliminary())));
            }
            case UIMessageChunk.ToolOutputError c -> {
                int i = toolIndex(c.type(), c.toolCallId());
                UIPart.Tool t = tool(i).withOutput(ToolState.OUTPUT_ERROR, null, c.errorText());
                parts.set(i, t.withExtra("providerExecuted", bool(c.providerExecuted())));
            }
            case UIMessageChunk.SourceUrl c ->
                    parts.add(new UIPart.SourceUrl(c.sourceId(), c.url(), c.title(), pm(c.providerMetadata())));
            case UIMessageChunk.SourceDocument c -> parts.add(new UIPart.SourceDocument(c.sourceId(), c.mediaType(),
                    c.title(), c.filename(), pm(c.providerMetadata())));
            case UIMessageChunk.File c -> parts.add(new UIPart.File(c.mediaType(), c.url(), null,
                    pm(c.providerMetadata())));
            case UIMessageChunk.Data c -> data(c);
            case UIMessageChunk.MessageMetadata c -> mergeMetadata(c.messageMetadata());
            case UIMessageChunk.Finish c -> {
                if (c.finishReason() != null) {
                    finishReason = c.finishReason();
                }
                mergeMetadata(c.messageMetadata());
            }
            case UIMessageChunk.Abort c -> aborted = true;
            case UIMessageChunk.Error c -> errorText = c.errorText();
        }
    }

    private void appendText(String type, String partId, String delta, JsonObject pm, boolean reasoning) {
        int i = activeIndex(type, partId, reasoning);
        switch (parts.get(i)) {
            case UIPart.Text t -> parts.set(i, new UIPart.Text(t.text() + delta, t.state(),
                    pm == null ? t.providerMetadata() : pm, t.extra()));
            case UIPart.Reasoning r -> parts.set(i, new UIPart.Reasoning(r.text() + delta, r.state(),
                    pm == null ? r.providerMetadata() : pm, r.extra()));
            default -> throw new IllegalStateException("active part is not text");
        }
    }

    private void endText(String type, String partId, JsonObject pm, boolean reasoning) {
        int i = activeIndex(type, partId, reasoning);
        switch (parts.get(i)) {
            case UIPart.Text t -> parts.set(i, new UIPart.Text(t.text(), UIPart.TextState.DONE,
                    pm == null ? t.providerMetadata() : pm, t.extra()));
            case UIPart.Reasoning r -> parts.set(i, new UIPart.Reasoning(r.text(), UIPart.TextState.DONE,
                    pm == null ? r.providerMetadata() : pm, r.extra()));
            default -> throw new IllegalStateException("active part is not text");
        }
        (reasoning ? activeReasoning : activeText).remove(partId);
    }

    private int activeIndex(String type, String partId, boolean reasoning) {
        Integer i = (reasoning ? activeReasoning : activeText).get(partId);
        if (i == null) {
            String start = reasoning ? "reasoning-start" : "text-start";
            throw new UIMessageStreamException(
                    "Received " + type + " for missing part with ID \"" + partId + "\"; send " + start + " first");
        }
        return i;
    }

    private void toolInputStart(UIMessageChunk.ToolInputStart c) {
        boolean dynamic = Boolean.TRUE.equals(c.info().dynamic());
        partialCalls.put(c.toolCallId(), new PartialCall(new StringBuilder(), c.toolName(), dynamic));
        upsertTool(c.toolCallId(), c.toolName(), dynamic, ToolState.INPUT_STREAMING, null, c.info());
    }

    private void toolInputDelta(UIMessageChunk.ToolInputDelta c) {
        PartialCall call = partialCalls.get(c.toolCallId());
        if (call == null) {
            throw new UIMessageStreamException("Received tool-input-delta for missing tool call with ID \""
                    + c.toolCallId() + "\"; send tool-input-start first");
        }
        call.text().append(c.inputTextDelta());
        JsonValue partial = PartialJson.parse(call.text().toString());
        int i = stepToolIndex(c.toolCallId());
        JsonValue input = partial != null || i < 0 ? partial : tool(i).input();
        upsertTool(c.toolCallId(), call.toolName(), call.dynamic(), ToolState.INPUT_STREAMING, input, null);
    }

    private void toolInputError(UIMessageChunk.ToolInputError c) {
        int existing = stepToolIndex(c.toolCallId());
        boolean dynamic = existing >= 0 ? tool(existing).dynamic() : Boolean.TRUE.equals(c.info().dynamic());
        upsertTool(c.toolCallId(), c.toolName(), dynamic, ToolState.INPUT_AVAILABLE, c.input(), c.info());
        int i = stepToolIndex(c.toolCallId());
        parts.set(i, tool(i).withOutput(ToolState.OUTPUT_ERROR, null, c.errorText()));
    }

    /** Updates the current step's part for the call, or appends one; input states clear any output. */
    private void upsertTool(String callId, String toolName, boolean dynamic, ToolState state, JsonValue input,
                            UIMessageChunk.ToolCallInfo info) {
        int i = stepToolIndex(callId);
        UIPart.Tool t = i >= 0 ? tool(i) : new UIPart.Tool(toolName, dynamic, callId, state, null, null, null,
                null, null);
        t = new UIPart.Tool(dynamic ? toolName : t.toolName(), t.dynamic(), callId, state, input, null, null,
                t.approval(), t.extra());
        if (info != null) {
            t = t.withExtra("title", info.title() == null ? null : JsonValues.PROVIDER.createValue(info.title()))
                    .withExtra("providerExecuted", bool(info.providerExecuted()))
                    .withExtra("callProviderMetadata", info.providerMetadata());
        }
        if (i >= 0) {
            parts.set(i, t);
        } else {
            parts.add(t);
        }
    }

    /** The call's part within the current step (after the last step-start), or -1. */
    private int stepToolIndex(String callId) {
        for (int i = parts.size() - 1; i >= 0 && !(parts.get(i) instanceof UIPart.StepStart); i--) {
            if (parts.get(i) instanceof UIPart.Tool t && t.toolCallId().equals(callId)) {
                return i;
            }
        }
        return -1;
    }

    /** The call's part in the current step, else the latest one anywhere in the message (continuations). */
    private int toolIndex(String type, String callId) {
        int i = stepToolIndex(callId);
        for (int j = parts.size() - 1; i < 0 && j >= 0; j--) {
            if (parts.get(j) instanceof UIPart.Tool t && t.toolCallId().equals(callId)) {
                i = j;
            }
        }
        if (i < 0) {
            throw new UIMessageStreamException(
                    "Received " + type + " but no tool invocation found for tool call ID \"" + callId + "\"");
        }
        return i;
    }

    private UIPart.Tool tool(int i) {
        return (UIPart.Tool) parts.get(i);
    }

    private void data(UIMessageChunk.Data c) {
        if (c.ephemeral()) {
            return;
        }
        UIPart.Data part = new UIPart.Data(c.name(), c.id(), c.data());
        if (c.id() != null) {
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i) instanceof UIPart.Data d && d.name().equals(c.name()) && c.id().equals(d.id())) {
                    parts.set(i, part);
                    return;
                }
            }
        }
        parts.add(part);
    }

    private void mergeMetadata(JsonValue overlay) {
        if (overlay != null && overlay != JsonValue.NULL) {
            metadata = metadata == null ? overlay : merge(metadata, overlay);
        }
    }

    /** Deep merge as the SDK's {@code mergeObjects}: objects merge key by key, anything else is replaced. */
    static JsonValue merge(JsonValue base, JsonValue overlay) {
        if (!(base instanceof JsonObject b) || !(overlay instanceof JsonObject o)) {
            return overlay;
        }
        JsonObjectBuilder out = JsonValues.PROVIDER.createObjectBuilder(b);
        o.forEach((k, v) -> out.add(k, b.containsKey(k) ? merge(b.get(k), v) : v));
        return out.build();
    }

    private static JsonObject pm(JsonObject providerMetadata) {
        return providerMetadata == null ? null
                : JsonValues.PROVIDER.createObjectBuilder().add("providerMetadata", providerMetadata).build();
    }

    private static JsonValue bool(Boolean b) {
        return b == null ? null : b ? JsonValue.TRUE : JsonValue.FALSE;
    }
}
