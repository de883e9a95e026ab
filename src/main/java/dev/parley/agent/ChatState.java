package dev.parley.agent;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * The run's own typed state ({@code chat.local}): one JSON-serialisable object that lives as long as the run, is
 * saved with every turn and across suspension, and is rebuilt on whichever node resumes the run.
 */
public final class ChatState {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private String json;
    private Object value;

    public ChatState(String json) {
        this.json = json;
    }

    /** The state as {@code type}; a fresh instance (no-arg constructor) if none was set yet. */
    public synchronized <T> T get(Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        T v;
        if (json == null) {
            try {
                v = type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(type + " needs a no-argument constructor to start empty", e);
            }
        } else {
            v = JSONB.fromJson(json, type);
        }
        value = v;
        return v;
    }

    public synchronized void set(Object v) {
        value = v;
    }

    /** The state as JSON text, for the run row (null if never used). */
    public synchronized String toJson() {
        if (value != null) {
            json = JSONB.toJson(value);
        }
        return json;
    }
}
