package dev.parley.agent;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One slot of the chat's shared state, typed. Reads see the stored value, a client's latest change included; writes
 * are stored at once (not with the turn's records, so a turn that fails afterwards does not undo them) and stream a
 * {@code data-store} part to the chat's readers. Use {@link #update} to change what a client may change too: it
 * applies the change to the newest value, again if a client wrote in between, so neither side loses the other's write.
 */
public final class StoreSlot<T> {

    /** Enough for any honest contention between one agent and a chat's clients. */
    private static final int MAX_ATTEMPTS = 10;

    private final ChatStore.Backend backend;
    private final String name;
    private final Class<T> type;

    StoreSlot(ChatStore.Backend backend, String name, Class<T> type) {
        this.backend = backend;
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    /** The stored value, or empty if the slot was never written. */
    public Optional<T> get() {
        ChatStore.Versioned v = backend.read(name);
        return v == null ? Optional.empty() : Optional.of(read(v.value()));
    }

    /** Replaces the value, whatever it is now (the last writer wins); returns the new version. */
    public long set(T value) {
        return backend.write(name, json(value), ChatStore.ANY_VERSION);
    }

    /**
     * Changes the value from the newest one: {@code change} gets it (null if the slot was never written) and returns
     * the new value. If a client wrote the slot meanwhile, {@code change} runs again on the client's value, so it must
     * have no side effects of its own. Returns the value written.
     */
    public T update(UnaryOperator<T> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ChatStore.Versioned current = backend.read(name);
            T next = change.apply(current == null ? null : read(current.value()));
            if (backend.write(name, json(next), current == null ? 0 : current.version()) > 0) {
                return next;
            }
        }
        throw new IllegalStateException("slot " + name + " changed under every one of " + MAX_ATTEMPTS + " updates");
    }

    /**
     * Deletes the slot: reads then find it empty, and the chat's readers get a {@code data-store} part with version 0,
     * a null value and {@code deleted: true}. A later write starts it again at version 1. Returns false if the slot
     * held nothing.
     */
    public boolean delete() {
        return backend.delete(name);
    }

    private T read(JsonStructure value) {
        return Turn.JSONB.fromJson(value.toString(), type);
    }

    private JsonStructure json(T value) {
        if (value == null) {
            throw new IllegalArgumentException("slot " + name + " cannot hold null; store an empty object or list");
        }
        JsonValue v;
        try (JsonReader reader = Json.createReader(new StringReader(Turn.JSONB.toJson(value)))) {
            v = reader.readValue();
        }
        if (!(v instanceof JsonStructure s)) {
            throw new IllegalArgumentException("slot " + name + " holds a JSON object or array, not " + v.getValueType()
                    + ": wrap the value in a record");
        }
        return s;
    }
}
