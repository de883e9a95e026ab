package dev.parley.agent;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelRequest;
import dev.parley.models.control.ToolLoop;

import java.util.function.Consumer;

/**
 * A model Parley can talk to (OpenAI-compatible, Anthropic, the built-in demo). {@link #stream} is one model call:
 * it blocks, hands each event to {@code events} on the calling thread, and returns after the
 * {@link ModelEvent.Finish} event, or early and without it once {@code abort} fires (the HTTP stream is closed at
 * once). Failures are {@link dev.parley.agent.model.ModelException}s.
 */
public interface LanguageModel {

    /** The configured name ({@code parley.models.<name>}). */
    String name();

    void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events);

    /** The multi-step tool loop over this model; chunks go to {@code sink} as they are produced. */
    default StreamResult streamText(StreamRequest request, Consumer<UIMessageChunk> sink) {
        return new ToolLoop(this).run(request, sink);
    }
}
