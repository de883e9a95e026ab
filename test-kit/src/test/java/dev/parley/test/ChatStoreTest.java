package dev.parley.test;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
