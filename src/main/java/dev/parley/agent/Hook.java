package dev.parley.agent;

/**
 * The moments of a run's life an agent can observe, with trigger.dev's firing rules. Each is dispatched to the
 * agent's {@link On} methods and published as a CDI event ({@link Lifecycle}).
 */
public enum Hook {
    /** every time a run starts executing fresh (not on resume from suspension) */
    BOOT,
    /** a run that recovers from a crashed one, before its first turn */
    RECOVERY_BOOT,
    /** the session was created with {@code trigger: "preload"}; the run then waits for the first message */
    PRELOAD,
    /** once per chat, before its first turn; never on continuations */
    CHAT_START,
    /** before every turn: the agent's own store replaces the history (the snapshot's messages are not read) */
    HYDRATE_MESSAGES,
    /** before a turn's messages reach the agent; may reject them (throw) */
    VALIDATE_MESSAGES,
    /** before the agent runs */
    TURN_START,
    /** after the agent's output, before the turn is closed: chunks may still be written */
    BEFORE_TURN_COMPLETE,
    /** after the turn-complete record is durable */
    TURN_COMPLETE,
    /** an action arrived ({@code trigger: "action"}); not a turn */
    ACTION,
    /** the run goes idle past its timeout and is about to leave memory */
    CHAT_SUSPEND,
    /** a suspended run is back in memory */
    CHAT_RESUME
}
