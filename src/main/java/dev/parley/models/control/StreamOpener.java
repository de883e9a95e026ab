package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelRequest;

/**
 * Opens a provider's stream under a fault-tolerance policy: retries and the circuit breaker act here, before the
 * first event, and nowhere else. The one policy is MicroProfile Fault Tolerance
 * ({@code dev.parley.models.boundary.ProviderLane}); a model built outside a container opens its streams
 * {@link #direct() directly}, without retries or a breaker.
 */
@FunctionalInterface
public interface StreamOpener {

    OpenedStream open(ProviderModel provider, ModelRequest request, AbortSignal abort);

    /** One attempt, no breaker: a failure reaches the caller as it happened. */
    static StreamOpener direct() {
        return (provider, request, abort) -> provider.open(request, abort);
    }
}
