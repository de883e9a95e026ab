package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelException;
import dev.parley.models.entity.ProviderUnavailableException;
import dev.parley.models.entity.Resilience;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static ProviderUnavailableException transientError() {
        return new ProviderUnavailableException(ModelException.transientFailure("p", "p answered HTTP 503", null));
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCapAndHonoursRetryAfter() {
        FaultPolicy p = new FaultPolicy("p", new Resilience(5, Duration.ofMillis(100), Duration.ofSeconds(1), 5,
                Duration.ofSeconds(30)));
        assertEquals(Duration.ofMillis(100), p.backoff(1, -1));
        assertEquals(Duration.ofMillis(200), p.backoff(2, -1));
        assertEquals(Duration.ofMillis(400), p.backoff(3, -1));
        assertEquals(Duration.ofSeconds(1), p.backoff(6, -1));
        assertEquals(Duration.ofMillis(700), p.backoff(1, 700));
        assertEquals(Duration.ofSeconds(1), p.backoff(1, 60_000), "Retry-After is capped too");
    }

    @Test
    void givesUpAfterMaxAttempts() {
        FaultPolicy p = new FaultPolicy("p", new Resilience(3, Duration.ZERO, Duration.ZERO, 10, Duration.ofSeconds(1)));
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(ProviderUnavailableException.class, () -> p.call(new AbortSignal(), () -> {
            attempts.incrementAndGet();
            throw transientError();
        }));
        assertEquals(3, attempts.get());
    }

    @Test
    void onlyFailuresBeforeTheFirstEventAreRetried() {
        FaultPolicy p = new FaultPolicy("p", new Resilience(3, Duration.ZERO, Duration.ZERO, 10, Duration.ofSeconds(1)));
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(ModelException.class, () -> p.call(new AbortSignal(), () -> {
            attempts.incrementAndGet();
            throw ModelException.transientFailure("p", "a retryable failure that is not a ProviderUnavailable", null);
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void anAbortDuringBackoffEndsTheCallQuietly() {
        FaultPolicy p = new FaultPolicy("p", new Resilience(3, Duration.ofSeconds(30), Duration.ofSeconds(30), 10,
                Duration.ofSeconds(1)));
        AbortSignal abort = new AbortSignal();
        long start = System.nanoTime();
        p.call(abort, () -> {
            new Thread(() -> {
                sleep(50);
                abort.abort();
            }).start();
            throw transientError();
        });
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aFailedHalfOpenTrialOpensTheCircuitAgain() {
        Instant[] now = {T0};
        FaultPolicy p = new FaultPolicy("p", new Resilience(1, Duration.ZERO, Duration.ZERO, 2, Duration.ofSeconds(10)),
                () -> now[0]);
        Supplier<OpenedStream> failing = () -> {
            throw transientError();
        };
        assertThrows(ModelException.class, () -> p.call(new AbortSignal(), failing));
        assertEquals(FaultPolicy.State.CLOSED, p.state());
        assertThrows(ModelException.class, () -> p.call(new AbortSignal(), failing));
        assertEquals(FaultPolicy.State.OPEN, p.state());
        now[0] = T0.plusSeconds(11);
        assertEquals(FaultPolicy.State.HALF_OPEN, p.state());
        assertThrows(ModelException.class, () -> p.call(new AbortSignal(), failing));
        assertEquals(FaultPolicy.State.OPEN, p.state(), "one failed trial is enough");
        now[0] = T0.plusSeconds(22);
        p.call(new AbortSignal(), OpenedStream::aborted);
        assertEquals(FaultPolicy.State.CLOSED, p.state());
    }

    @Test
    void callerErrorsDoNotCountAgainstTheProvider() {
        FaultPolicy p = new FaultPolicy("p", new Resilience(1, Duration.ZERO, Duration.ZERO, 1, Duration.ofSeconds(10)),
                () -> T0);
        for (int i = 0; i < 3; i++) {
            assertThrows(ModelException.class, () -> p.call(new AbortSignal(), () -> {
                throw ModelException.fatal("p", "p answered HTTP 400");
            }));
        }
        assertEquals(FaultPolicy.State.CLOSED, p.state());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
