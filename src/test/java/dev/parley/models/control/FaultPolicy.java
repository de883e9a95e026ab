package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelRequest;
import dev.parley.models.entity.ProviderUnavailableException;
import dev.parley.models.entity.Resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * Test support: the rules of {@code dev.parley.models.boundary.ProviderLane}'s MicroProfile Fault Tolerance
 * annotations in plain Java, so the provider adapters' unit tests ({@link FaultToleranceTest}) can check without a
 * container which failures a retry may follow. Invariant: a call is retried only while nothing has reached the
 * caller, because a retry after the first token would stream a second, different answer into the same message; so
 * only {@link ProviderUnavailableException}s (transient failures before the first event) are retried, with backoff.
 * A circuit breaker counts consecutive ones; once open it fails calls at once for a while, then lets one trial call
 * through (half-open) and closes again if that call succeeds.
 */
public final class FaultPolicy implements StreamOpener {

    public enum State { CLOSED, OPEN, HALF_OPEN }

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

    @Override
    public OpenedStream open(ProviderModel model, ModelRequest request, AbortSignal abort) {
        return call(abort, () -> model.open(request, abort));
    }

    OpenedStream call(AbortSignal abort, Supplier<OpenedStream> attempt) {
        for (int n = 1; ; n++) {
            admit();
            try {
                OpenedStream opened = attempt.get();
                if (abort.aborted()) {
                    released();
                } else {
                    succeeded();
                }
                return opened;
            } catch (ProviderUnavailableException e) {
                if (abort.aborted()) {
                    released();
                    return OpenedStream.aborted();
                }
                failed();
                if (n >= settings.maxAttempts()) {
                    throw e;
                }
                if (abort.await(backoff(n, e.retryAfterMillis()))) {
                    return OpenedStream.aborted();
                }
            } catch (ModelException e) {
                callerFault();
                throw e;
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

    private synchronized void failed() {
        boolean trial = trialInFlight;
        trialInFlight = false;
        consecutiveFailures++;
        if (trial || consecutiveFailures >= settings.breakerThreshold()) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    /** A 400 is the caller's fault and says nothing bad about the provider: a trial that gets one closes the circuit. */
    private synchronized void callerFault() {
        if (trialInFlight) {
            state = State.CLOSED;
            consecutiveFailures = 0;
        }
        trialInFlight = false;
    }
}
