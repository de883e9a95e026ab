package dev.parley.sessions.entity;

/** The run state machine (docs/runs.md). A run is live until it reaches a terminal state. */
public enum RunStatus {
    PENDING, BOOTING, STREAMING, WAITING, SUSPENDED,
    COMPLETED, FAILED, CANCELED, CRASHED, TIMED_OUT;

    public boolean live() {
        return switch (this) {
            case PENDING, BOOTING, STREAMING, WAITING, SUSPENDED -> true;
            case COMPLETED, FAILED, CANCELED, CRASHED, TIMED_OUT -> false;
        };
    }
}
