package dev.parley.runs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The periods that bound how long a chat can wait on a failure: a run's lease (how long a dead node's runs stay
 * unclaimed), how often live runs renew it, how often each node looks for expired leases, how long a turn past its
 * limit may take to stop before it is closed without the agent, and when a run's lost queue message is sent again.
 * Set as {@code PARLEY_RUNS_*} (README).
 */
@ApplicationScoped
public class RunPeriods {

    @Inject
    @ConfigProperty(name = "parley.runs.lease.seconds", defaultValue = "15")
    int leaseSeconds;

    @Inject
    @ConfigProperty(name = "parley.runs.renew.seconds", defaultValue = "5")
    int renewSeconds;

    @Inject
    @ConfigProperty(name = "parley.runs.reaper.seconds", defaultValue = "5")
    int reaperSeconds;

    @Inject
    @ConfigProperty(name = "parley.runs.turn.grace.seconds", defaultValue = "5")
    int turnGraceSeconds;

    @Inject
    @ConfigProperty(name = "parley.runs.max.attempts", defaultValue = "3")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "parley.runs.redispatch.seconds", defaultValue = "30")
    int redispatchSeconds;

    public int leaseSeconds() {
        return Math.max(2, leaseSeconds);
    }

    long leaseMs() {
        return leaseSeconds() * 1000L;
    }

    /** Renewal runs well inside the lease, so one missed renewal does not lose it. */
    int renewSeconds() {
        return Math.max(1, Math.min(renewSeconds, leaseSeconds() / 2));
    }

    public int reaperSeconds() {
        return Math.max(1, reaperSeconds);
    }

    long turnGraceMs() {
        return Math.max(0, turnGraceSeconds) * 1000L;
    }

    /**
     * A run that should be taking input but is not — PENDING, or SUSPENDED with a record on {@code .in} past the
     * cursor — this long after the fact lost its queue message (its node died between the commit and the send, or
     * with the message in its local queue): the reaper sends it again. Taking a run is a compare-and-set, so a
     * message that was merely slow does no harm.
     */
    public int redispatchSeconds() {
        return Math.max(1, redispatchSeconds);
    }

    /** How many runs may crash (or fail to boot) on one input before the chat gets an error turn instead. */
    public int maxAttempts() {
        return Math.max(1, maxAttempts);
    }
}
