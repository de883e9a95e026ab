package dev.parley.models.control;

import dev.parley.models.entity.AbortSignal;
import dev.parley.models.entity.ModelEvent;
import dev.parley.models.entity.ModelException;
import dev.parley.models.entity.Resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Fault tolerance for one provider, in one place so it can later sit behind MicroProfile Fault Tolerance.
 * Invariant: a call is retried only while nothing has reached the caller, because a retry after the first token
 * would stream a second, different answer into the same message; so transient failures (connect errors, 429, 5xx,
 * timeouts) are retried with exponential backoff before the first event and surface at once after it.
 * A circuit breaker counts consecutive transient failures; once open it fails calls at once for a while, then lets
 * one trial call through (half-open) and closes again if that call succeeds.
 */
public final class FaultPolicy {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** One attempt: stream to the given sink or throw. */
    @FunctionalInterface
    public interface Attempt {
        void run(Consumer<ModelEvent> sink);
    }

    private final String provider;
    private final Resilience settings;
    private final InstantSource clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean trialInFlight;

    public FaultPolicy(String provider, Resilience settings, InstantSource clock) {
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
    }

    public FaultPolicy(String provider, Resilience settings) {
        this(provider, settings, InstantSource.system());
    }

    public void call(AbortSignal abort, Consumer<ModelEvent> sink, Attempt attempt) {
        for (int n = 1; ; n++) {
            admit();
            boolean[] delivered = {false};
            try {
                attempt.run(e -> {
                    delivered[0] = true;
                    sink.accept(e);
                });
                if (abort.aborted()) {
                    released();
                } else {
                    succeeded();
                }
                return;
            } catch (ModelException e) {
                if (abort.aborted()) {
                    released();
                    return;
                }
                failed(e);
                if (!e.retryable() || delivered[0] || n >= settings.maxAttempts()) {
                    throw e;
                }
                if (abort.await(backoff(n, e.retryAfterMillis()))) {
                    return;
                }
            } catch (RuntimeException e) {
                released();
                throw e;
            }
        }
    }

    /** Exponential from the initial backoff, capped; a longer Retry-After is honoured up to the cap. */
    Duration backoff(int attempt, long retryAfterMillis) {
        long base = settings.initialBackoff().toMillis();
        long exp = base << Math.min(attempt - 1, 20);
        long wait = Math.max(exp, retryAfterMillis);
        return Duration.ofMillis(Math.min(wait, settings.maxBackoff().toMillis()));
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(settings.breakerOpenFor()))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    private synchronized void admit() {
        State now = state();
        if (now == State.OPEN || (now == State.HALF_OPEN && trialInFlight)) {
            Duration left = Duration.between(clock.instant(), openedAt.plus(settings.breakerOpenFor()));
            throw new ModelException(provider, provider + " is unavailable: circuit open after "
                    + consecutiveFailures + " consecutive failures (next try in " + Math.max(0, left.toSeconds())
                    + " s)", 503, false, null);
        }
        if (now == State.HALF_OPEN) {
            state = State.HALF_OPEN;
            trialInFlight = true;
        }
    }

    private synchronized void succeeded() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** An aborted or broken trial says nothing about the provider: let the next call try again. */
    private synchronized void released() {
        trialInFlight = false;
    }

    /** Only transient failures say something about the provider's health; a 400 is the caller's fault. */
    private synchronized void failed(ModelException e) {
        boolean trial = trialInFlight;
        trialInFlight = false;
        if (!e.retryable()) {
            if (trial) {
                state = State.CLOSED;
            }
            return;
        }
        consecutiveFailures++;
        if (trial || consecutiveFailures >= settings.breakerThreshold()) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }
}
