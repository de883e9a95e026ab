package dev.parley.models.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.Usage;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static dev.parley.platform.JsonValues.object;
import static dev.parley.platform.JsonValues.string;

/**
 * Reads the Messages stream: {@code message_start} (input usage), {@code content_block_start/delta/stop} for text,
 * {@code tool_use} ({@code input_json_delta}) and {@code thinking} ({@code thinking_delta}, {@code signature_delta})
 * blocks, {@code message_delta} (stop reason, output usage), {@code message_stop}, {@code ping} and {@code error}.
 * Event types it does not know are skipped: Anthropic documents that new ones may appear.
 */
final class AnthropicStream implements SseParser.Listener {

    private final String provider;
    private final Consumer<ModelEvent> events;
    private final Map<Long, String> toolBlocks = new HashMap<>();
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private String stopReason;
    private boolean stopped;

    AnthropicStream(String provider, Consumer<ModelEvent> events) {
        this.provider = provider;
        this.events = events;
    }

    @Override
    public boolean onEvent(String event, String data) {
        JsonObject e = parse(data);
        String type = string(e, "type") != null ? string(e, "type") : event;
        switch (type) {
            case "message_start" -> {
                JsonObject message = object(e, "message");
                usage(message == null ? null : object(message, "usage"));
            }
            case "content_block_start" -> blockStart(index(e), object(e, "content_block"));
            case "content_block_delta" -> delta(index(e), object(e, "delta"));
            case "content_block_stop" -> {
                String toolId = toolBlocks.remove(index(e));
                if (toolId != null) {
                    events.accept(new ModelEvent.ToolCallEnd(toolId));
                }
            }
            case "message_delta" -> {
                JsonObject d = object(e, "delta");
                if (d != null && string(d, "stop_reason") != null) {
                    stopReason = string(d, "stop_reason");
                }
                usage(object(e, "usage"));
            }
            case "message_stop" -> {
                stopped = true;
                return false;
            }
            case "error" -> throw error(object(e, "error"));
            default -> {
                // ping, and event types added after this was written
            }
        }
        return true;
    }

    private JsonObject parse(String data) {
        try {
            return JsonValues.parseObject(data);
        } catch (RuntimeException ex) {
            String excerpt = data.length() > 200 ? data.substring(0, 200) + "…" : data;
            throw ModelException.fatal(provider, provider + " sent a malformed event: " + excerpt);
        }
    }

    private static long index(JsonObject e) {
        return JsonValues.number(e, "index", -1);
    }

    private void blockStart(long index, JsonObject block) {
        if (block == null) {
            return;
        }
        switch (String.valueOf(string(block, "type"))) {
            case "text" -> emitText(string(block, "text"));
            case "tool_use" -> {
                String id = string(block, "id");
                toolBlocks.put(index, id);
                events.accept(new ModelEvent.ToolCallStart(id, string(block, "name")));
            }
            case "thinking" -> {
                String thinking = string(block, "thinking");
                if (thinking != null && !thinking.isEmpty()) {
                    events.accept(new ModelEvent.ReasoningDelta(thinking));
                }
            }
            case "redacted_thinking" -> events.accept(new ModelEvent.RedactedReasoning(string(block, "data")));
            default -> {
                // server tool results, web search blocks: not surfaced yet
            }
        }
    }

    private void delta(long index, JsonObject delta) {
        if (delta == null) {
            return;
        }
        switch (String.valueOf(string(delta, "type"))) {
            case "text_delta" -> emitText(string(delta, "text"));
            case "input_json_delta" -> {
                String json = string(delta, "partial_json");
                String id = toolBlocks.get(index);
                if (id != null && json != null && !json.isEmpty()) {
                    events.accept(new ModelEvent.ToolCallDelta(id, json));
                }
            }
            case "thinking_delta" -> {
                String thinking = string(delta, "thinking");
                if (thinking != null && !thinking.isEmpty()) {
                    events.accept(new ModelEvent.ReasoningDelta(thinking));
                }
            }
            case "signature_delta" -> events.accept(new ModelEvent.ReasoningSignature(string(delta, "signature")));
            default -> {
                // citations_delta and newer delta types
            }
        }
    }

    private void emitText(String text) {
        if (text != null && !text.isEmpty()) {
            events.accept(new ModelEvent.TextDelta(text));
        }
    }

    /** message_start carries the input side, message_delta the (cumulative) output side; later values win. */
    private void usage(JsonObject u) {
        if (u == null) {
            return;
        }
        input = u.get("input_tokens") instanceof JsonNumber n ? n.longValue() : input;
        output = u.get("output_tokens") instanceof JsonNumber n ? n.longValue() : output;
        cacheRead = u.get("cache_read_input_tokens") instanceof JsonNumber n ? n.longValue() : cacheRead;
        cacheWrite = u.get("cache_creation_input_tokens") instanceof JsonNumber n ? n.longValue() : cacheWrite;
    }

    private ModelException error(JsonObject error) {
        String type = error == null ? "error" : String.valueOf(string(error, "type"));
        String message = error == null ? "unknown error" : string(error, "message");
        int status = switch (type) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "api_error" -> 500;
            default -> 0;
        };
        return new ModelException(provider, provider + " reported " + type + ": " + message, status, status != 0,
                null);
    }

    void end() {
        if (!stopped) {
            throw ModelException.transientFailure(provider,
                    "the stream from " + provider + " ended before message_stop", null);
        }
        FinishReason reason = switch (String.valueOf(stopReason)) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
        events.accept(new ModelEvent.Finish(reason,
                new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite, 0)));
    }
}
