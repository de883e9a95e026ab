package dev.parley.models.control;

import dev.parley.agent.Tool;
import dev.parley.agent.Tools;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.Usage;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the events of one model call into the chunks of one step. Guards the reducer's rules: every text or
 * reasoning part is opened with a fresh id before its deltas and closed before anything of another kind, and
 * every tool call ends in exactly one {@code tool-input-available} or {@code tool-input-error} (invalid JSON,
 * unknown tool, input that does not fit the schema), which the model then reads as the call's error result.
 */
final class ModelStep implements Consumer<ModelEvent> {

    /** A finished tool call; {@code inputError} is null when the input is valid. */
    record Call(String id, String name, JsonValue input, String inputError) {
    }

    private final ChunkEmitter out;
    private final Tools tools;
    private final Map<String, StringBuilder> openCalls = new LinkedHashMap<>();
    private final Map<String, String> callNames = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private String textId;
    private String reasoningId;
    private FinishReason finishReason;
    private Usage usage = Usage.ZERO;

    ModelStep(ChunkEmitter out, Tools tools) {
        this.out = out;
        this.tools = tools;
    }

    @Override
    public void accept(ModelEvent event) {
        switch (event) {
            case ModelEvent.TextDelta e -> {
                closeReasoning(null);
                if (textId == null) {
                    textId = out.nextId();
                    out.emit(new UIMessageChunk.TextStart(textId));
                }
                out.emit(new UIMessageChunk.TextDelta(textId, e.text()));
            }
            case ModelEvent.ReasoningDelta e -> {
                closeText();
                openReasoning();
                out.emit(new UIMessageChunk.ReasoningDelta(reasoningId, e.text()));
            }
            case ModelEvent.ReasoningSignature e -> {
                closeText();
                openReasoning();
                closeReasoning(anthropic("signature", e.signature()));
            }
            case ModelEvent.RedactedReasoning e -> {
                closeText();
                closeReasoning(null);
                openReasoning();
                closeReasoning(anthropic("redactedData", e.data()));
            }
            case ModelEvent.ToolCallStart e -> {
                closeText();
                closeReasoning(null);
                openCalls.put(e.id(), new StringBuilder());
                callNames.put(e.id(), e.name());
                out.emit(new UIMessageChunk.ToolInputStart(e.id(), e.name()));
            }
            case ModelEvent.ToolCallDelta e -> {
                StringBuilder args = openCalls.get(e.id());
                if (args != null && e.argumentsDelta() != null && !e.argumentsDelta().isEmpty()) {
                    args.append(e.argumentsDelta());
                    out.emit(new UIMessageChunk.ToolInputDelta(e.id(), e.argumentsDelta()));
                }
            }
            case ModelEvent.ToolCallEnd e -> endCall(e.id());
            case ModelEvent.Finish e -> {
                finishReason = e.reason();
                usage = e.usage();
            }
        }
    }

    private void openReasoning() {
        if (reasoningId == null) {
            reasoningId = out.nextId();
            out.emit(new UIMessageChunk.ReasoningStart(reasoningId));
        }
    }

    private void closeText() {
        if (textId != null) {
            out.emit(new UIMessageChunk.TextEnd(textId));
            textId = null;
        }
    }

    private void closeReasoning(JsonObject providerMetadata) {
        if (reasoningId != null) {
            out.emit(new UIMessageChunk.ReasoningEnd(reasoningId, providerMetadata));
            reasoningId = null;
        }
    }

    private static JsonObject anthropic(String key, String value) {
        return Json.createObjectBuilder()
                .add("anthropic", Json.createObjectBuilder().add(key, value == null ? "" : value)).build();
    }

    private void endCall(String id) {
        StringBuilder args = openCalls.remove(id);
        if (args == null) {
            return;
        }
        String name = callNames.get(id);
        String text = args.toString().isBlank() ? "{}" : args.toString();
        JsonValue input;
        try {
            input = JsonValues.parse(text);
        } catch (RuntimeException e) {
            fail(new Call(id, name, Json.createValue(text), "The arguments are not valid JSON: " + e.getMessage()));
            return;
        }
        Tool tool = tools.get(name).orElse(null);
        if (tool == null) {
            fail(new Call(id, name, input, "There is no tool named " + name + "."));
            return;
        }
        List<String> problems = tool.problems(input);
        if (!problems.isEmpty()) {
            fail(new Call(id, name, input, "Invalid input for " + name + ": " + String.join("; ", problems)));
            return;
        }
        calls.add(new Call(id, name, input, null));
        out.emit(new UIMessageChunk.ToolInputAvailable(id, name, input));
    }

    private void fail(Call call) {
        calls.add(call);
        out.emit(new UIMessageChunk.ToolInputError(call.id(), call.name(), call.input(), call.inputError()));
    }

    /** The model finished: close open parts and settle calls the provider never ended. */
    void complete() {
        closeText();
        closeReasoning(null);
        List.copyOf(openCalls.keySet()).forEach(this::endCall);
    }

    /** The step was cut short (abort, error): close open parts, leave unfinished calls unfinished. */
    void interrupt() {
        closeText();
        closeReasoning(null);
    }

    List<Call> calls() {
        return calls;
    }

    FinishReason finishReason() {
        if (finishReason != null) {
            return calls.isEmpty() || finishReason != FinishReason.STOP ? finishReason : FinishReason.TOOL_CALLS;
        }
        return calls.isEmpty() ? FinishReason.OTHER : FinishReason.TOOL_CALLS;
    }

    Usage usage() {
        return usage;
    }
}
