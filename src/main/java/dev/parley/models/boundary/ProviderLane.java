package dev.parley.models.boundary;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelRequest;
import dev.parley.models.control.OpenedStream;
import dev.parley.models.control.ProviderModel;
import dev.parley.models.control.StreamOpener;
import dev.parley.models.entity.ProviderUnavailableException;
import dev.parley.telemetry.control.Telemetry;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * MicroProfile Fault Tolerance around opening one provider's stream, up to its first event. Invariant: a call is
 * retried only while nothing has reached the user, so the annotations wrap {@link ProviderModel#open} and nothing
 * after it, and retry only {@link ProviderUnavailableException} (connect errors, no first byte in time, 429, 5xx);
 * the rest of the stream is read outside, where no failure is retried. Each attempt passes the circuit breaker;
 * an open breaker fails the call at once with a {@link ModelException} the tool loop shows as an error chunk.
 * <p>
 * There is one bean of this class per configured networked model ({@link ProviderLanes} registers them), because
 * Liberty keeps a breaker per bean and method: one provider's outage must not open another's breaker. The
 * parameters are the same for all of them: MicroProfile Fault Tolerance configures them per class and method, from
 * {@code parley.models.retry.*} and {@code parley.models.breaker.*} (see {@code microprofile-config.properties}).
 */
public class ProviderLane implements StreamOpener {

    /** Which model a lane guards. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    public @interface For {
        String value();

        final class Literal extends AnnotationLiteral<For> implements For {
            private final String value;

            public Literal(String value) {
                this.value = value;
            }

            @Override
            public String value() {
                return value;
            }
        }
    }

    @Override
    @Fallback(fallbackMethod = "circuitOpen", applyOn = CircuitBreakerOpenException.class)
    @Retry(retryOn = ProviderUnavailableException.class, maxRetries = 2, delay = 500, jitter = 0, maxDuration = 600_000)
    @CircuitBreaker(failOn = ProviderUnavailableException.class, requestVolumeThreshold = 5, failureRatio = 1.0,
            delay = 30_000, successThreshold = 1)
    public OpenedStream open(ProviderModel provider, ModelRequest request, AbortSignal abort) {
        Telemetry.providerAttempt();
        return provider.open(request, abort);
    }

    OpenedStream circuitOpen(ProviderModel provider, ModelRequest request, AbortSignal abort) {
        Telemetry.breakerOpen();
        throw new ModelException(provider.name(), provider.name() + " is unavailable: its circuit breaker opened after "
                + "repeated failures, and it is not called again until the breaker's pause is over", 503, false, null);
    }
}
