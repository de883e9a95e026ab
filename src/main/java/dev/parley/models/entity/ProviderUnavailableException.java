package dev.parley.models.entity;

import dev.parley.agent.model.ModelException;

/**
 * A transient provider failure before the first event of a response (connection refused, no first byte in time,
 * 429, 5xx, an overloaded event): the one failure that may be retried, because nothing has reached the user yet,
 * and the one that counts against the provider's circuit breaker. The same failure after the first event stays a
 * plain {@link ModelException}.
 */
public class ProviderUnavailableException extends ModelException {

    public ProviderUnavailableException(ModelException failure) {
        super(failure.provider(), failure.getMessage(), failure.status(), true, failure.retryAfterMillis(), failure);
    }
}
