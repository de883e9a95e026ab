package dev.parley.runs.control;

import dev.parley.agent.ChatStore;
import dev.parley.store.control.ChatStores;
import dev.parley.store.entity.StoredSlot;
import jakarta.json.JsonStructure;

/** The production store of a run's session: its {@code chat_store} rows, each call a transaction of its own. */
record StoredChatStore(ChatStores stores, String sessionId) implements ChatStore.Backend {

    @Override
    public ChatStore.Versioned read(String slot) {
        return stores.read(sessionId, slot).map(s -> new ChatStore.Versioned(s.value(), s.version())).orElse(null);
    }

    @Override
    public long write(String slot, JsonStructure value, long expectedVersion) {
        return stores.write(sessionId, slot, value, expectedVersion, StoredSlot.AGENT);
    }
}
