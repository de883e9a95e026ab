package dev.parley.runs.control;

import dev.parley.agent.ChatStore;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.store.entity.FencedOut;
import dev.parley.store.entity.StoreRules;
import dev.parley.store.entity.StoredSlot;
import jakarta.json.JsonStructure;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The chat store as one turn (or action) of the agent sees it. Invariants: every write the agent makes is stored
 * first and then streams a {@code data-store} chunk into the turn's message, with the slot as its id and the version
 * the write produced, so the message's part for a slot always shows a value that was stored; and a write made once
 * the turn has ended (from a thread or deferred task that outlived it) is refused before it reaches the store, since
 * no message is left to announce it and the run may have suspended or moved to another node meanwhile.
 */
record TurnStore(ChatStore.Backend stored, Consumer<UIMessageChunk> sink, BooleanSupplier open)
        implements ChatStore.Backend {

    @Override
    public ChatStore.Versioned read(String slot) {
        return stored.read(StoreRules.slot(slot));
    }

    @Override
    public long write(String slot, JsonStructure value, long expectedVersion) {
        StoreRules.value(value);
        requireOpen(slot);
        long version = stored.write(StoreRules.slot(slot), value, expectedVersion);
        if (version > 0) {
            sink.accept(StoredSlot.chunk(slot, version, value, false));
        }
        return version;
    }

    @Override
    public boolean delete(String slot) {
        requireOpen(StoreRules.slot(slot));
        boolean deleted = stored.delete(slot);
        if (deleted) {
            sink.accept(StoredSlot.deletedChunk(slot, false));
        }
        return deleted;
    }

    private void requireOpen(String slot) {
        if (!open.getAsBoolean()) {
            throw new FencedOut("the turn has ended; writing slot " + slot + " after it is refused (write the chat store "
                    + "from the turn's own work)");
        }
    }
}
