package dev.parley.agent;

import jakarta.json.JsonStructure;

import java.util.Objects;

/**
 * The chat's shared state ({@code chat.store}): named slots of JSON that the agent and the chat's clients both read
 * and write, stored with the session, so they outlive the run, its suspensions, a crash and a reload. Each slot holds
 * a JSON object or array and counts its writes in a version. The agent reads and writes typed values through
 * {@link #slot}; a client reads a slot and changes or deletes it over HTTP. Every change reaches the chat's readers as a
 * {@code data-store} part whose {@code id} is the slot (docs/agents.md, "Shared chat state"). Writes belong to the turn
 * that got this store: once that turn has ended, or its run has lost the chat to another node, they throw
 * {@link IllegalStateException} and store nothing.
 */
public final class ChatStore {

    /** For {@link Backend#write}: write whatever the slot's version is. */
    public static final long ANY_VERSION = -1;

    private final Backend backend;

    /** Built by the runtime for each turn. */
    public ChatStore(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * The slot {@code name} (1 to 64 letters, digits, {@code _} or {@code -}), read and written as {@code type}: a
     * record or class JSON-B turns into a JSON object (or a JSON array).
     */
    public <T> StoreSlot<T> slot(String name, Class<T> type) {
        return new StoreSlot<>(backend, name, type);
    }

    /** A slot's value and the version that wrote it. */
    public record Versioned(JsonStructure value, long version) {
    }

    /**
     * Where the slots live: the session's rows on the server, memory in the offline test kit. Implemented by the
     * runtime; not part of the agent API's promise.
     */
    public interface Backend {

        /** The slot's value and version, or null if it was never written. */
        Versioned read(String slot);

        /**
         * Writes {@code value} as the slot's next version if its version is still {@code expectedVersion} (0: never
         * written), or in any case with {@link #ANY_VERSION}. Returns the new version, or -1 when the slot had moved
         * on. A value the store refuses (a forbidden key, too large, too many slots) throws
         * {@link IllegalArgumentException}.
         */
        long write(String slot, JsonStructure value, long expectedVersion);

        /** Deletes the slot, whatever its version; false if it held nothing. */
        boolean delete(String slot);
    }
}
