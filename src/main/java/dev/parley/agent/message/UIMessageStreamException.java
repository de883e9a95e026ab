package dev.parley.agent.message;

/** A chunk that the AI SDK's reducer would refuse, e.g. a {@code text-delta} whose part was never started. */
public class UIMessageStreamException extends RuntimeException {

    public UIMessageStreamException(String message) {
        super(message);
    }
}
