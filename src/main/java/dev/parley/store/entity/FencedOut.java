package dev.parley.store.entity;

/**
 * An agent's store write refused because its run no longer holds the chat: the lease was lost (the run was taken
 * over after a stall, or ended) or the turn that wrote had already ended. Nothing was written.
 */
public class FencedOut extends IllegalStateException {

    public FencedOut(String message) {
        super(message);
    }
}
