package dev.parley.agent;

/** The body of a chat agent: one turn, plain sequential Java. Blocking is fine; it runs on a managed thread. */
public interface Agent {

    /** Answers the newest message: writes chunks through {@code turn} until done or {@link Turn#stopped()}. */
    void run(Turn turn) throws Exception;
}
