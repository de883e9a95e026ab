package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelRequest;

/**
 * Opens a provider's stream under a fault-tolerance policy: retries and the circuit breaker act here, before the
 * first event, and nowhere else. In Parley that is MicroProfile Fault Tolerance
 * ({@code dev.parley.models.boundary.ProviderLane}); outside a container, {@link FaultPolicy}.
 */
@FunctionalInterface
public interface StreamOpener {

    OpenedStream open(ProviderModel provider, ModelRequest request, AbortSignal abort);
}
