package dev.parley.models.control;

import dev.parley.agent.Tools;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UIMessages to model messages (the AI SDK's {@code convertToModelMessages}). An assistant message is cut at its
 * {@code step-start} parts: each step becomes an assistant message with its text, reasoning and tool calls,
 * followed by a tool-results message. Every tool call the model sees has a result, because providers reject a
 * conversation with a dangling call: denials, input errors and calls that never completed become error results.
 */
public final class ModelMessages {

    static final String DENIED = "The user denied this tool call.";
    static final String NOT_COMPLETED = "This tool call was not completed.";

    private ModelMessages() {
    }

    public static List<ModelMessage> from(List<UIMessage> messages, Tools tools) {
        List<ModelMessage> out = new ArrayList<>();
        for (UIMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> {
                    if (!m.text().isBlank()) {
                        out.add(new ModelMessage.System(m.text()));
                    }
                }
                case USER -> user(m).ifPresent(out::add);
                case ASSISTANT -> out.addAll(fromAssistant(m, tools));
            }
        }
        return out;
    }

    private static Optional<ModelMessage> user(UIMessage m) {
        List<Content> content = new ArrayList<>();
        for (UIPart p : m.parts()) {
            switch (p) {
                case UIPart.Text t when !t.text().isEmpty() -> content.add(new Content.Text(t.text()));
                case UIPart.File f -> content.add(new Content.File(f.mediaType(), f.url(), f.filename()));
                default -> {
                    // data parts, sources and unknown parts are for the UI, not the model
                }
            }
        }
        return content.isEmpty() ? Optional.empty() : Optional.of(new ModelMessage.User(content));
    }

    public static List<ModelMessage> fromAssistant(UIMessage m, Tools tools) {
        List<ModelMessage> out = new ArrayList<>();
        List<UIPart> step = new ArrayList<>();
        for (UIPart p : m.parts()) {
            if (p instanceof UIPart.StepStart) {
                step(step, tools, out);
                step.clear();
            } else {
                step.add(p);
            }
        }
        step(step, tools, out);
        return out;
    }

    private static void step(List<UIPart> parts, Tools tools, List<ModelMessage> out) {
        List<Content> content = new ArrayList<>();
        List<Content.ToolResult> results = new ArrayList<>();
        for (UIPart p : parts) {
            switch (p) {
                case UIPart.Text t when !t.text().isEmpty() -> content.add(new Content.Text(t.text()));
                case UIPart.Reasoning r -> reasoning(r, content);
                case UIPart.Tool t when t.state() != ToolState.INPUT_STREAMING -> {
                    JsonValue input = t.input() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                    content.add(new Content.ToolCall(t.toolCallId(), t.toolName(), input));
                    results.add(result(t, tools));
                }
                default -> {
                }
            }
        }
        if (!content.isEmpty()) {
            out.add(new ModelMessage.Assistant(content));
        }
        if (!results.isEmpty()) {
            out.add(new ModelMessage.ToolResults(results));
        }
    }

    /** Anthropic's signature or redacted data lives in the part's provider metadata, as the AI SDK keeps it. */
    private static void reasoning(UIPart.Reasoning r, List<Content> content) {
        JsonObject anthropic = r.providerMetadata() == null ? null
                : r.providerMetadata().get("anthropic") instanceof JsonObject a ? a : null;
        String signature = anthropic == null ? null : anthropic.getString("signature", null);
        String redacted = anthropic == null ? null : anthropic.getString("redactedData", null);
        if (!r.text().isEmpty() || redacted != null) {
            content.add(new Content.Reasoning(r.text(), signature, redacted));
        }
    }

    private static Content.ToolResult result(UIPart.Tool t, Tools tools) {
        return switch (t.state()) {
            case OUTPUT_AVAILABLE -> new Content.ToolResult(t.toolCallId(), t.toolName(),
                    tools.get(t.toolName()).map(tool -> tool.modelOutput(t.output())).orElse(t.output()), false);
            case OUTPUT_ERROR -> error(t, t.errorText() == null ? "The tool failed." : t.errorText());
            case OUTPUT_DENIED -> error(t, t.approval() != null && t.approval().reason() != null
                    ? DENIED + " Reason: " + t.approval().reason() : DENIED);
            default -> error(t, NOT_COMPLETED);
        };
    }

    private static Content.ToolResult error(UIPart.Tool t, String text) {
        return new Content.ToolResult(t.toolCallId(), t.toolName(), Json.createValue(text), true);
    }

    /** Whether the message still waits for an approval decision or a client-side tool result. */
    public static boolean awaitsToolResults(UIMessage m) {
        return m.parts().stream().anyMatch(p -> p instanceof UIPart.Tool t
                && (t.state() == ToolState.INPUT_AVAILABLE || t.state() == ToolState.APPROVAL_REQUESTED
                || t.state() == ToolState.APPROVAL_RESPONDED));
    }
}
