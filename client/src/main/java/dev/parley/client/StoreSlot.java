package dev.parley.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

/**
 * One slot of a chat's shared state as the store routes answer it: its value (a JSON object or array; null when the
 * slot holds nothing), its version (how many writes it has had since it was created; 0 when it holds nothing), and
 * when and by whom ({@code agent} or {@code client}) it was last written. {@link #json()} holds the whole answer.
 */
public record StoreSlot(String name, JsonStructure value, long version, String updatedAt, String updatedBy, JsonObject json) {

    /** Whether the slot holds a value. */
    public boolean exists() {
        return version > 0;
    }

    static StoreSlot of(JsonObject o, String what) {
        if (o == null || !o.containsKey("slot") || !o.containsKey("version")) {
            throw ParleyException.protocol(what + ": unexpected answer " + o);
        }
        return new StoreSlot(o.getString("slot"), o.get("value") instanceof JsonStructure s ? s : null,
                o.getJsonNumber("version").longValue(), o.getString("updatedAt", null), o.getString("updatedBy", null), o);
    }
}
