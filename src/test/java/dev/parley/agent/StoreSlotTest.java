package dev.parley.agent;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StoreSlotTest {

    public record Cart(List<String> items) {
    }

    /** Slots in a map; {@code interloper} runs once just before the next conditional write, as a client would. */
    static final class Slots implements ChatStore.Backend {
        final Map<String, ChatStore.Versioned> rows = new HashMap<>();
        Runnable interloper;

        @Override
        public ChatStore.Versioned read(String slot) {
            return rows.get(slot);
        }

        @Override
        public long write(String slot, JsonStructure value, long expectedVersion) {
            Runnable meanwhile = interloper;
            interloper = null;
            if (meanwhile != null) {
                meanwhile.run();
            }
            long version = rows.containsKey(slot) ? rows.get(slot).version() : 0;
            if (expectedVersion >= 0 && expectedVersion != version) {
                return -1;
            }
            rows.put(slot, new ChatStore.Versioned(value, version + 1));
            return version + 1;
        }

        @Override
        public boolean delete(String slot) {
            return rows.remove(slot) != null;
        }
    }

    private static List<String> with(List<String> items, String item) {
        List<String> l = new ArrayList<>(items);
        l.add(item);
        return l;
    }

    @Test
    void anUnwrittenSlotIsEmptyAndSetStoresATypedValue() {
        Slots slots = new Slots();
        StoreSlot<Cart> cart = new ChatStore(slots).slot("cart", Cart.class);
        assertEquals(Optional.empty(), cart.get());
        assertEquals(1, cart.set(new Cart(List.of("tea"))));
        assertEquals(new Cart(List.of("tea")), cart.get().orElseThrow());
        assertEquals("{\"items\":[\"tea\"]}", slots.rows.get("cart").value().toString());
    }

    @Test
    void updateAppliesTheChangeAgainToAClientsWriteInsteadOfOverwritingIt() {
        Slots slots = new Slots();
        StoreSlot<Cart> cart = new ChatStore(slots).slot("cart", Cart.class);
        cart.set(new Cart(List.of("tea")));
        slots.interloper = () -> slots.rows.put("cart", new ChatStore.Versioned(
                Json.createObjectBuilder().add("items", Json.createArrayBuilder().add("tea").add("milk")).build(), 2));
        List<String> seen = new ArrayList<>();
        Cart written = cart.update(c -> {
            seen.add(String.join("+", c.items()));
            return new Cart(with(c.items(), "bread"));
        });
        assertEquals(List.of("tea", "tea+milk"), seen, "the change ran on the stale value, then on the client's");
        assertEquals(new Cart(List.of("tea", "milk", "bread")), written);
        assertEquals(3, slots.rows.get("cart").version());
    }

    @Test
    void updateOfAnUnwrittenSlotStartsFromNull() {
        StoreSlot<Cart> cart = new ChatStore(new Slots()).slot("cart", Cart.class);
        assertEquals(new Cart(List.of("tea")), cart.update(c -> new Cart(c == null ? List.of("tea") : with(c.items(), "tea"))));
    }

    @Test
    void aDeletedSlotReadsEmptyAndAWriteAfterItStartsAgainAtVersionOne() {
        StoreSlot<Cart> cart = new ChatStore(new Slots()).slot("cart", Cart.class);
        assertFalse(cart.delete(), "nothing to delete yet");
        cart.set(new Cart(List.of("tea")));
        cart.set(new Cart(List.of("milk")));
        assertTrue(cart.delete());
        assertEquals(Optional.empty(), cart.get());
        assertEquals(new Cart(List.of("bread")), cart.update(c -> new Cart(c == null ? List.of("bread") : List.of())));
        assertEquals(2, cart.set(new Cart(List.of("jam"))), "the slot's versions count again from the delete");
    }

    @Test
    void aSlotHoldsAnObjectOrAnArrayButNeverNullOrAScalar() {
        ChatStore store = new ChatStore(new Slots());
        assertThrows(IllegalArgumentException.class, () -> store.slot("n", String.class).set("plain"));
        assertThrows(IllegalArgumentException.class, () -> store.slot("c", Cart.class).set(null));
    }

    @Test
    void aTurnWithoutTheRuntimeHasNoStore() {
        Turn turn = new Turn("a", "chat", "run_1", 1, "msg_1", List.of(), null, new ChatState(null), c -> { }, new AbortSignal());
        assertThrows(IllegalStateException.class, turn::store);
    }
}
