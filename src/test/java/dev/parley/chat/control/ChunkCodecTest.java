package dev.parley.chat.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIMessageChunk.ToolCallInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkCodecTest {

    private static final JsonObject PM = Json.createObjectBuilder()
            .add("anthropic", Json.createObjectBuilder().add("signature", "sig")).build();

    /** One instance of every chunk type, with every optional member set. */
    static List<UIMessageChunk> everyChunk() {
        JsonObject input = Json.createObjectBuilder().add("city", "Bern").build();
        ToolCallInfo info = new ToolCallInfo(false, true, "Weather", PM);
        return List.of(
                new UIMessageChunk.Start("m1", Json.createObjectBuilder().add("k", 1).build()),
                new UIMessageChunk.StartStep(),
                new UIMessageChunk.TextStart("t1", PM),
                new UIMessageChunk.TextDelta("t1", "hi", PM),
                new UIMessageChunk.TextEnd("t1", PM),
                new UIMessageChunk.ReasoningStart("r1", PM),
                new UIMessageChunk.ReasoningDelta("r1", "hmm", PM),
                new UIMessageChunk.ReasoningEnd("r1", PM),
                new UIMessageChunk.ToolInputStart("c1", "weather", info),
                new UIMessageChunk.ToolInputDelta("c1", "{\"ci"),
                new UIMessageChunk.ToolInputAvailable("c1", "weather", input, info),
                new UIMessageChunk.ToolInputError("c2", "weather", Json.createValue("{bad"), "bad json", info),
                new UIMessageChunk.ToolApprovalRequest("a1", "c1"),
                new UIMessageChunk.ToolOutputAvailable("c1", input, false, true, true),
                new UIMessageChunk.ToolOutputError("c1", "boom", false, true),
                new UIMessageChunk.ToolOutputDenied("c1"),
                new UIMessageChunk.SourceUrl("s1", "https://example.org", "Example", PM),
                new UIMessageChunk.SourceDocument("s2", "application/pdf", "Doc", "doc.pdf", PM),
                new UIMessageChunk.File("https://example.org/a.png", "image/png", PM),
                new UIMessageChunk.Data("progress", "d1", Json.createValue(3), true),
                new UIMessageChunk.MessageMetadata(Json.createObjectBuilder().add("k", 2).build()),
                new UIMessageChunk.FinishStep(),
                new UIMessageChunk.Finish(FinishReason.TOOL_CALLS, Json.createObjectBuilder().add("k", 3).build()),
                new UIMessageChunk.Abort("user stop"),
                new UIMessageChunk.Error("it broke"));
    }

    /** The members the AI SDK's strict chunk schema allows, per type (ui-message-chunks.ts, v6). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("start", Set.of("messageId", "messageMetadata")),
            Map.entry("start-step", Set.of()),
            Map.entry("text-start", Set.of("id", "providerMetadata")),
            Map.entry("text-delta", Set.of("id", "delta", "providerMetadata")),
            Map.entry("text-end", Set.of("id", "providerMetadata")),
            Map.entry("reasoning-start", Set.of("id", "providerMetadata")),
            Map.entry("reasoning-delta", Set.of("id", "delta", "providerMetadata")),
            Map.entry("reasoning-end", Set.of("id", "providerMetadata")),
            Map.entry("tool-input-start",
                    Set.of("toolCallId", "toolName", "providerExecuted", "providerMetadata", "dynamic", "title")),
            Map.entry("tool-input-delta", Set.of("toolCallId", "inputTextDelta")),
            Map.entry("tool-input-available", Set.of("toolCallId", "toolName", "input", "providerExecuted",
                    "providerMetadata", "dynamic", "title")),
            Map.entry("tool-input-error", Set.of("toolCallId", "toolName", "input", "providerExecuted",
                    "providerMetadata", "dynamic", "errorText", "title")),
            Map.entry("tool-approval-request", Set.of("approvalId", "toolCallId")),
            Map.entry("tool-output-available",
                    Set.of("toolCallId", "output", "providerExecuted", "dynamic", "preliminary")),
            Map.entry("tool-output-error", Set.of("toolCallId", "errorText", "providerExecuted", "dynamic")),
            Map.entry("tool-output-denied", Set.of("toolCallId")),
            Map.entry("source-url", Set.of("sourceId", "url", "title", "providerMetadata")),
            Map.entry("source-document", Set.of("sourceId", "mediaType", "title", "filename", "providerMetadata")),
            Map.entry("file", Set.of("url", "mediaType", "providerMetadata")),
            Map.entry("data-progress", Set.of("id", "data", "transient")),
            Map.entry("message-metadata", Set.of("messageMetadata")),
            Map.entry("finish-step", Set.of()),
            Map.entry("finish", Set.of("finishReason", "messageMetadata")),
            Map.entry("abort", Set.of("reason")),
            Map.entry("error", Set.of("errorText")));

    @Test
    void everyChunkWritesOnlyMembersTheStrictSchemaAllows() {
        for (UIMessageChunk c : everyChunk()) {
            JsonObject json = ChunkCodec.toJson(c);
            Set<String> allowed = ALLOWED.get(c.type());
            assertTrue(allowed != null, "no schema entry for " + c.type());
            for (String key : json.keySet()) {
                assertTrue(key.equals("type") || allowed.contains(key), c.type() + " writes extra key " + key);
            }
            assertEquals(c.type(), json.getString("type"));
        }
        assertEquals(ALLOWED.size(), everyChunk().size(), "every chunk type is covered");
    }

    @Test
    void everyChunkRoundTrips() {
        for (UIMessageChunk c : everyChunk()) {
            assertEquals(c, ChunkCodec.parse(ChunkCodec.toJsonText(c)), c.type());
        }
    }

    @Test
    void optionalMembersAreOmittedNotNull() {
        assertEquals("{\"type\":\"text-delta\",\"id\":\"t1\",\"delta\":\"hi\"}",
                ChunkCodec.toJsonText(new UIMessageChunk.TextDelta("t1", "hi")));
        assertEquals("{\"type\":\"start\",\"messageId\":\"m1\"}",
                ChunkCodec.toJsonText(new UIMessageChunk.Start("m1", null)));
        assertEquals("{\"type\":\"finish\",\"finishReason\":\"stop\"}",
                ChunkCodec.toJsonText(new UIMessageChunk.Finish(FinishReason.STOP)));
        assertEquals("{\"type\":\"tool-input-start\",\"toolCallId\":\"c1\",\"toolName\":\"x\"}",
                ChunkCodec.toJsonText(new UIMessageChunk.ToolInputStart("c1", "x")));
        assertEquals("{\"type\":\"data-status\",\"data\":{\"a\":1}}", ChunkCodec.toJsonText(
                new UIMessageChunk.Data("status", null, Json.createObjectBuilder().add("a", 1).build(), false)));
        assertEquals("{\"type\":\"abort\"}", ChunkCodec.toJsonText(new UIMessageChunk.Abort(null)));
    }

    @Test
    void requiredUnknownMembersAreWrittenEvenWhenNull() {
        assertEquals("{\"type\":\"tool-input-available\",\"toolCallId\":\"c1\",\"toolName\":\"x\",\"input\":null}",
                ChunkCodec.toJsonText(new UIMessageChunk.ToolInputAvailable("c1", "x", null)));
        assertEquals("{\"type\":\"tool-output-available\",\"toolCallId\":\"c1\",\"output\":null}",
                ChunkCodec.toJsonText(new UIMessageChunk.ToolOutputAvailable("c1", JsonValue.NULL)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"trigger:turn-complete\"}",
            "{\"type\":\"reasoning-file\",\"url\":\"u\",\"mediaType\":\"m\"}",
            "{\"type\":\"text-delta\",\"delta\":\"no id\"}",
            "{\"type\":\"tool-output-available\",\"toolCallId\":\"c1\"}",
            "{\"type\":\"finish\",\"finishReason\":\"interrupted\"}",
            "{\"type\":\"data-x\"}",
            "{\"id\":\"no type\"}"})
    void refusesChunksOutsideTheSchema(String json) {
        assertThrows(IllegalArgumentException.class, () -> ChunkCodec.parse(json));
    }
}
