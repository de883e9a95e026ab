package dev.parley.sessions.entity;

/**
 * Fired whenever a session needs its live run to be executing (a run was claimed, or a message reached a live one).
 * The run engine observes it after the transaction commits; {@code seen} is the run's status inside the transaction.
 */
public record RunWanted(String runId, RunStatus seen) {
}
