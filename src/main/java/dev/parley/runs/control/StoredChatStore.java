package dev.parley.runs.control;

import dev.parley.agent.ChatStore;
import dev.parley.store.control.ChatStores;
import dev.parley.store.entity.RunFence;
import jakarta.json.JsonStructure;

/**
 * The production store of a run's session: its {@code chat_store} rows, each call a transaction of its own. Every
 * write is fenced by the run's lease, so a node that lost the run (a stall, a takeover) stores nothing more.
 */
record StoredChatStore(ChatStores stores, String sessionId, RunFence fence) implements ChatStore.Backend {

    @Override
    public ChatStore.Versioned read(String slot) {
        return stores.read(sessionId, slot).map(s -> new ChatStore.Versioned(s.value(), s.version())).orElse(null);
    }

    @Override
    public long write(String slot, JsonStructure value, long expectedVersion) {
        return stores.write(sessionId, slot, value, expectedVersion, fence);
    }

    @Override
    public boolean delete(String slot) {
        return stores.delete(sessionId, slot, null, fence).isPresent();
    }
}
