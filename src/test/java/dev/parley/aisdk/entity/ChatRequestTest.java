package dev.parley.aisdk.entity;

import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRequestTest {

    private static ChatRequest parse(String json) {
        return ChatRequest.from(Bodies.parse(json).asJsonObject());
    }

    private static int status(String json) {
        return assertThrows(ApiException.class, () -> parse(json)).status();
    }

    @Test
    void aSubmitKeepsOnlyTheNewestMessageAndTheOtherFieldsAsClientData() {
        ChatRequest r = parse("""
                {"model":"fast","id":"c1","trigger":"submit-message","messages":[
                  {"id":"u1","role":"user","parts":[{"type":"text","text":"old"}]},
                  {"id":"a1","role":"assistant","parts":[{"type":"text","text":"answer"}]},
                  {"id":"u2","role":"user","parts":[{"type":"text","text":"new"}]}]}""");
        JsonObject chunk = Bodies.parse(r.inputChunk()).asJsonObject();
        assertEquals("message", chunk.getString("kind"));
        JsonObject payload = chunk.getJsonObject("payload");
        assertEquals("u2", payload.getJsonObject("message").getString("id"));
        assertEquals("c1", payload.getString("chatId"));
        assertEquals("submit-message", payload.getString("trigger"));
        assertEquals("fast", payload.getJsonObject("metadata").getString("model"));
        assertTrue(!payload.containsKey("messageId"));
    }

    @Test
    void aRegenerateCarriesNoMessage() {
        ChatRequest r = parse("""
                {"id":"c1","trigger":"regenerate-message","messageId":"a1","messages":[
                  {"id":"u1","role":"user","parts":[{"type":"text","text":"q"}]}]}""");
        JsonObject payload = Bodies.parse(r.inputChunk()).asJsonObject().getJsonObject("payload");
        assertNull(payload.get("message"));
        assertEquals("a1", payload.getString("messageId"));
        assertNull(payload.get("metadata"), "no extra fields, no client data");
    }

    @Test
    void anAssistantMessageIsSlimmedToItsResolvedToolParts() {
        ChatRequest r = parse("""
                {"id":"c1","trigger":"submit-message","messages":[
                  {"id":"u1","role":"user","parts":[{"type":"text","text":"q"}]},
                  {"id":"a1","role":"assistant","metadata":{"x":1},"parts":[{"type":"step-start"},
                    {"type":"text","text":"long text"},
                    {"type":"tool-sendEmail","toolCallId":"c1","state":"approval-responded","input":{"to":"t"},
                     "approval":{"id":"ap1","approved":true},"callProviderMetadata":{}},
                    {"type":"tool-other","toolCallId":"c2","state":"input-available","input":{}}]}]}""");
        assertEquals("""
                {"id":"a1","role":"assistant","parts":[{"type":"tool-sendEmail","toolCallId":"c1","state":"approval-responded","approval":{"id":"ap1","approved":true}}]}""",
                r.message().toString());
    }

    @Test
    void badBodiesAreRefused() {
        assertEquals(400, status("{\"id\":\"c\",\"messages\":[]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"resume-stream\",\"messages\":[]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\",\"messages\":[]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\"}"));
        assertEquals(400, status("{\"trigger\":\"submit-message\",\"messages\":[{\"id\":\"u\",\"role\":\"user\",\"parts\":[]}]}"));
        assertEquals(400, status("{\"id\":\"session_x\",\"trigger\":\"submit-message\",\"messages\":[{\"id\":\"u\",\"role\":\"user\",\"parts\":[]}]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\",\"messages\":[{\"role\":\"user\",\"parts\":[]}]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\",\"messages\":[{\"id\":\"s\",\"role\":\"system\",\"parts\":[]}]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\",\"messages\":[{\"id\":\"a\",\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"text\":\"x\"}]}]}"));
        assertEquals(400, status("{\"id\":\"c\",\"trigger\":\"submit-message\",\"messageId\":5,\"messages\":[{\"id\":\"u\",\"role\":\"user\",\"parts\":[]}]}"));
    }
}
