package dev.parley.models.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.Usage;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

import static dev.parley.platform.JsonValues.number;
import static dev.parley.platform.JsonValues.object;
import static dev.parley.platform.JsonValues.string;

/**
 * Reads {@code chat.completion.chunk} events. Tool calls arrive keyed by {@code index}: the first fragment carries
 * id and name, later ones only argument text; a call ends when the choice finishes. Usage arrives in a last chunk
 * with no choices ({@code stream_options.include_usage}), so {@link ModelEvent.Finish} is sent at the very end.
 */
final class OpenAiStream implements SseParser.Listener {

    private final String provider;
    private final Consumer<ModelEvent> events;
    private final TreeMap<Integer, Call> calls = new TreeMap<>();
    private String finishReason;
    private Usage usage = Usage.ZERO;
    private boolean sawToolCalls;

    private static final class Call {
        String id;
        String name;
        boolean started;
        boolean ended;
        final List<String> pending = new ArrayList<>();
    }

    OpenAiStream(String provider, Consumer<ModelEvent> events) {
        this.provider = provider;
        this.events = events;
    }

    @Override
    public boolean onEvent(String event, String data) {
        if (data.equals("[DONE]")) {
            return false;
        }
        JsonObject chunk = parse(data);
        JsonObject error = object(chunk, "error");
        if (error != null) {
            throw new ModelException(provider, provider + " reported an error: " + string(error, "message"), 0,
                    "server_error".equals(string(error, "type")), null);
        }
        JsonArray choices = JsonValues.array(chunk, "choices");
        if (choices != null && !choices.isEmpty() && choices.get(0) instanceof JsonObject choice) {
            choice(choice);
        }
        JsonObject u = object(chunk, "usage");
        if (u != null) {
            usage = usage(u);
        }
        return true;
    }

    private JsonObject parse(String data) {
        try {
            return JsonValues.parseObject(data);
        } catch (RuntimeException e) {
            String excerpt = data.length() > 200 ? data.substring(0, 200) + "…" : data;
            throw ModelException.fatal(provider, provider + " sent a malformed event: " + excerpt);
        }
    }

    private void choice(JsonObject choice) {
        JsonObject delta = object(choice, "delta");
        if (delta != null) {
            String reasoning = string(delta, "reasoning_content") != null ? string(delta, "reasoning_content")
                    : string(delta, "reasoning");
            if (reasoning != null && !reasoning.isEmpty()) {
                events.accept(new ModelEvent.ReasoningDelta(reasoning));
            }
            String content = string(delta, "content");
            if (content != null && !content.isEmpty()) {
                events.accept(new ModelEvent.TextDelta(content));
            }
            JsonArray toolCalls = JsonValues.array(delta, "tool_calls");
            if (toolCalls != null) {
                toolCalls.forEach(this::toolCallFragment);
            }
        }
        String reason = string(choice, "finish_reason");
        if (reason != null) {
            finishReason = reason;
            endCalls();
        }
    }

    private void toolCallFragment(JsonValue v) {
        if (!(v instanceof JsonObject fragment)) {
            return;
        }
        sawToolCalls = true;
        int index = (int) number(fragment, "index", calls.size());
        Call call = calls.computeIfAbsent(index, i -> new Call());
        if (call.id == null) {
            call.id = string(fragment, "id");
        }
        JsonObject function = object(fragment, "function");
        if (function != null && call.name == null) {
            call.name = string(function, "name");
        }
        String args = function == null ? null : string(function, "arguments");
        if (args != null && !args.isEmpty()) {
            call.pending.add(args);
        }
        if (!call.started && call.name != null) {
            call.id = call.id != null ? call.id : "call_" + index;
            call.started = true;
            events.accept(new ModelEvent.ToolCallStart(call.id, call.name));
        }
        if (call.started) {
            call.pending.forEach(a -> events.accept(new ModelEvent.ToolCallDelta(call.id, a)));
            call.pending.clear();
        }
    }

    private void endCalls() {
        for (Call call : calls.values()) {
            if (call.started && !call.ended) {
                call.ended = true;
                events.accept(new ModelEvent.ToolCallEnd(call.id));
            }
        }
    }

    /** Called once the stream is over; a stream that never finished its choice was cut off. */
    void end() {
        if (finishReason == null) {
            throw ModelException.transientFailure(provider,
                    "the stream from " + provider + " ended before the response was complete", null);
        }
        endCalls();
        events.accept(new ModelEvent.Finish(reason(), usage));
    }

    private FinishReason reason() {
        return switch (finishReason) {
            case "stop" -> sawToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static Usage usage(JsonObject u) {
        JsonObject prompt = object(u, "prompt_tokens_details");
        JsonObject completion = object(u, "completion_tokens_details");
        return new Usage(number(u, "prompt_tokens", 0), number(u, "completion_tokens", 0),
                prompt == null ? 0 : number(prompt, "cached_tokens", 0), 0,
                completion == null ? 0 : number(completion, "reasoning_tokens", 0));
    }
}
