package dev.parley.test;

import dev.parley.agent.ChatStore;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat store offline: what the agent writes, what a client patches, and what the chat's readers are sent. */
@OfflineAgentTest
class ChatStoreTest {

    private final ScriptedModel model = ScriptedModel.create();
    private TestChat chat;

    @BeforeEach
    void shop(OfflineChats chats) {
        chat = chats.model(model).open(ShopAgent.class);
    }

    private void addsToTheCart(String item) {
        model.reply(Reply.toolCall("call_" + item, "addToCart", "{\"item\":\"" + item + "\"}"), Reply.text("Added."));
    }

    private List<UIMessageChunk.Data> storeChunks(List<UIMessageChunk> chunks) {
        return chunks.stream().filter(c -> c instanceof UIMessageChunk.Data d && d.name().equals("store"))
                .map(UIMessageChunk.Data.class::cast).toList();
    }

    @Test
    void aToolsWriteIsStoredAndStreamsAsADataPartOfTheAnswer() {
        addsToTheCart("tea");
        chat.send("tea please");

        assertEquals(List.of("tea"), chat.store("cart", ShopAgent.Cart.class).orElseThrow().items());
        assertEquals(1, chat.storeVersion("cart"));
        UIMessageChunk.Data part = storeChunks(chat.lastTurn()).getFirst();
        assertEquals("cart", part.id());
        assertEquals(false, part.ephemeral(), "part of the message: the AI SDK replaces it by id");
        assertEquals(Json.createObjectBuilder().add("version", 1)
                .add("value", Json.createObjectBuilder().add("items", Json.createArrayBuilder().add("tea"))).build(), part.data());
        assertTrue(chat.lastAnswer().parts().stream().anyMatch(p -> p instanceof UIPart.Data d && d.id().equals("cart")),
                "the stored answer keeps the slot's part");
    }

    @Test
    void aClientsPatchIsSentToReadersAndReadByTheAgentsNextTurn() {
        chat.patchStore("prefs", "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]");
        assertEquals(1, chat.storeVersion("prefs"));
        UIMessageChunk.Data sent = storeChunks(chat.chunks()).getFirst();
        assertEquals("prefs", sent.id());
        assertTrue(sent.ephemeral(), "a change between turns belongs to no message");

        model.reply(Reply.text("Hi."));
        chat.send("hello");
        assertEquals("You run a shop. Be brief.", model.requests().getLast().system());
    }

    @Test
    void theAgentsUpdateBuildsOnAClientsChangeAcrossSuspension() {
        addsToTheCart("tea");
        chat.send("tea please").idle();
        chat.patchStore("cart", "[{\"op\":\"add\",\"path\":\"/items/-\",\"value\":\"milk\"}]");
        addsToTheCart("bread");
        chat.send("and bread");

        assertEquals(List.of("tea", "milk", "bread"), chat.store("cart", ShopAgent.Cart.class).orElseThrow().items());
        assertEquals(3, chat.storeVersion("cart"));
        assertTrue(chat.runs().getLast().resumed(), "the store lives with the chat, not in the run's memory");
    }

    @Test
    void aRefusedPatchChangesNothingAndSendsNothing() {
        chat.patchStore("prefs", "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]");
        int sent = chat.chunks().size();
        IllegalArgumentException proto = assertThrows(IllegalArgumentException.class,
                () -> chat.patchStore("prefs", "[{\"op\":\"add\",\"path\":\"/__proto__/admin\",\"value\":true}]"));
        assertTrue(proto.getMessage().contains("__proto__"), proto.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> chat.patchStore("prefs", "[{\"op\":\"test\",\"path\":\"/tone\",\"value\":\"long\"},"
                        + "{\"op\":\"replace\",\"path\":\"/tone\",\"value\":\"rude\"}]"));
        assertThrows(IllegalArgumentException.class, () -> chat.patchStore("constructor", "[]"));
        assertEquals(1, chat.storeVersion("prefs"));
        assertEquals("brief", chat.store("prefs", ShopAgent.Prefs.class).orElseThrow().tone());
        assertEquals(sent, chat.chunks().size());
    }

    @Test
    void aClientsDeleteEmptiesTheSlotTellsReadersItIsGoneAndTheAgentStartsItAgain() {
        addsToTheCart("tea");
        chat.send("tea please");
        chat.deleteStore("cart");
        assertEquals(0, chat.storeVersion("cart"));
        UIMessageChunk.Data gone = storeChunks(chat.chunks()).getLast();
        assertEquals("cart", gone.id());
        assertTrue(gone.ephemeral());
        assertEquals(Json.createObjectBuilder().add("version", 0).addNull("value").add("deleted", true).build(), gone.data());
        assertThrows(IllegalArgumentException.class, () -> chat.deleteStore("cart"), "nothing left to delete");

        addsToTheCart("milk");
        chat.send("milk please");
        assertEquals(List.of("milk"), chat.store("cart", ShopAgent.Cart.class).orElseThrow().items(), "not tea and milk");
        assertEquals(1, chat.storeVersion("cart"));
    }

    @Test
    void anAgentsDeleteIsAPartOfItsAnswer(OfflineChats chats) {
        TestChat shelf = chats.inject(ShelfAgent.Work.class, turn -> {
            var slot = turn.store().slot("shelf", ShelfAgent.Shelf.class);
            if (turn.number() == 1) {
                slot.set(new ShelfAgent.Shelf("jam"));
            } else {
                assertTrue(slot.delete());
                assertFalse(slot.delete(), "gone already");
            }
        }).open(ShelfAgent.class).send("put it up").send("take it down");
        assertEquals(0, shelf.storeVersion("shelf"));
        UIMessageChunk.Data gone = storeChunks(shelf.lastTurn()).getFirst();
        assertEquals("shelf", gone.id());
        assertFalse(gone.ephemeral(), "the part replaces the slot's earlier part in the message");
        assertTrue(gone.data().asJsonObject().getBoolean("deleted"));
    }

    @Test
    void aStoreKeptPastItsTurnRefusesWritesAndStoresNothing(OfflineChats chats) {
        AtomicReference<ChatStore> kept = new AtomicReference<>();
        List<RuntimeException> refused = new CopyOnWriteArrayList<>();
        TestChat shelf = chats.inject(ShelfAgent.Work.class, turn -> {
            if (turn.number() == 1) {
                kept.set(turn.store());
                turn.store().slot("shelf", ShelfAgent.Shelf.class).set(new ShelfAgent.Shelf("jam"));
                return;
            }
            var stale = kept.get().slot("shelf", ShelfAgent.Shelf.class);
            for (Runnable write : List.<Runnable>of(() -> stale.set(new ShelfAgent.Shelf("honey")), stale::delete,
                    () -> stale.update(s -> new ShelfAgent.Shelf("honey")))) {
                try {
                    write.run();
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
            }
        }).open(ShelfAgent.class).send("put it up").send("change it");
        assertEquals(3, refused.size(), "set, delete and update through the first turn's store: " + refused);
        assertTrue(refused.getFirst().getMessage().contains("the turn has ended"), refused.getFirst().getMessage());
        assertEquals("jam", shelf.store("shelf", ShelfAgent.Shelf.class).orElseThrow().label());
        assertEquals(1, shelf.storeVersion("shelf"));
        assertEquals(List.of(), storeChunks(shelf.lastTurn()), "nothing announced");
    }
}
