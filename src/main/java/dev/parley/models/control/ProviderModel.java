package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelRequest;

import java.util.function.Consumer;

/**
 * A model behind a network call (OpenAI-compatible, Anthropic). Its call comes in two phases so fault tolerance can
 * wrap the first alone: {@link #open} sends the request and reads up to the first event, failing with a
 * {@link dev.parley.models.entity.ProviderUnavailableException} when that can be retried; {@link OpenedStream#forward}
 * then streams the rest, and nothing that fails there is retried.
 */
public interface ProviderModel extends LanguageModel {

    OpenedStream open(ModelRequest request, AbortSignal abort);

    /** Unguarded: one attempt. {@link Models} hands providers out behind a {@link StreamOpener}. */
    @Override
    default void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        try (OpenedStream stream = open(request, abort)) {
            stream.forward(events);
        }
    }
}
