package dev.parley.test;

import dev.parley.agent.ChatStore;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.store.entity.StoreRefusal;
import dev.parley.store.entity.StoreRules;
import dev.parley.store.entity.StoredSlot;
import jakarta.json.Json;
import jakarta.json.JsonStructure;

import java.util.HashMap;
import java.util.Map;

/**
 * A chat's store in memory, with the server's rules: the same checks ({@link StoreRules}), versions counted from 1,
 * conditional writes that fail once the slot moved on, a client's patch applied by Jakarta JSON-P, and deletes.
 */
final class OfflineStore implements ChatStore.Backend {

    private final Map<String, ChatStore.Versioned> slots = new HashMap<>();

    @Override
    public synchronized ChatStore.Versioned read(String slot) {
        return slots.get(slot);
    }

    @Override
    public synchronized long write(String slot, JsonStructure value, long expectedVersion) {
        StoreRules.value(value);
        ChatStore.Versioned current = slots.get(slot);
        long version = current == null ? 0 : current.version();
        if (expectedVersion >= 0 && expectedVersion != version) {
            return -1;
        }
        if (current == null && slots.size() >= StoreRules.MAX_SLOTS) {
            throw new StoreRefusal(409, "too_many_slots", "A chat has at most " + StoreRules.MAX_SLOTS + " store slots");
        }
        slots.put(slot, new ChatStore.Versioned(value, version + 1));
        return version + 1;
    }

    @Override
    public synchronized boolean delete(String slot) {
        return slots.remove(slot) != null;
    }

    /** A client's delete, as the store route makes it; answers the chunk that tells readers the slot is gone. */
    synchronized UIMessageChunk.Data clientDelete(String slot) {
        if (!delete(StoreRules.slot(slot))) {
            throw new IllegalArgumentException("Slot " + slot + " holds nothing to delete");
        }
        return StoredSlot.deletedChunk(slot, true);
    }

    /** A client's JSON Patch, as the store route applies it; returns the slot after it. */
    synchronized StoredSlot patch(String slot, String patch) {
        StoreRules.slot(slot);
        ChatStore.Versioned current = slots.get(slot);
        JsonStructure next = StoreRules.apply(StoreRules.patch(patch),
                current == null ? Json.createObjectBuilder().build() : current.value());
        long version = write(slot, next, current == null ? 0 : current.version());
        return new StoredSlot(slot, next, version, null, StoredSlot.CLIENT);
    }
}
