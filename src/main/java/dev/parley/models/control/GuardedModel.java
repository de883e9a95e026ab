package dev.parley.models.control;

import dev.parley.models.entity.AbortSignal;
import dev.parley.models.entity.ModelEvent;
import dev.parley.models.entity.ModelRequest;

import java.util.function.Consumer;

/** A provider behind its {@link FaultPolicy}: what {@link Models} hands out for every networked model. */
final class GuardedModel implements LanguageModel {

    private final LanguageModel provider;
    private final FaultPolicy policy;

    GuardedModel(LanguageModel provider, FaultPolicy policy) {
        this.provider = provider;
        this.policy = policy;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        policy.call(abort, events, sink -> provider.stream(request, abort, sink));
    }

    FaultPolicy policy() {
        return policy;
    }
}
