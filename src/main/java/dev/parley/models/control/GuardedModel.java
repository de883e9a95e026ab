package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelRequest;
import dev.parley.telemetry.control.Telemetry;

import java.util.function.Consumer;

/** A provider behind its {@link StreamOpener}: what {@link Models} hands out for every networked model. */
final class GuardedModel implements LanguageModel {

    private final ProviderModel provider;
    private final StreamOpener guard;
    private final String kind;

    GuardedModel(ProviderModel provider, String kind, StreamOpener guard) {
        this.provider = provider;
        this.guard = guard;
        this.kind = kind;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        Telemetry.provider(kind);
        try (OpenedStream stream = guard.open(provider, request, abort)) {
            stream.forward(events);
        }
    }

    StreamOpener guard() {
        return guard;
    }
}
