package dev.parley.runs.control;

import dev.parley.agent.ChatStore;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.store.entity.StoreRules;
import dev.parley.store.entity.StoredSlot;
import jakarta.json.JsonStructure;

import java.util.function.Consumer;

/**
 * The chat store as one turn (or action) of the agent sees it. Invariant: every write the agent makes is stored
 * first and then streams a {@code data-store} chunk into the turn's message, with the slot as its id and the version
 * the write produced, so the message's part for a slot always shows a value that was stored.
 */
record TurnStore(ChatStore.Backend stored, Consumer<UIMessageChunk> sink) implements ChatStore.Backend {

    @Override
    public ChatStore.Versioned read(String slot) {
        return stored.read(StoreRules.slot(slot));
    }

    @Override
    public long write(String slot, JsonStructure value, long expectedVersion) {
        StoreRules.value(value);
        long version = stored.write(StoreRules.slot(slot), value, expectedVersion);
        if (version > 0) {
            sink.accept(StoredSlot.chunk(slot, version, value, false));
        }
        return version;
    }
}
