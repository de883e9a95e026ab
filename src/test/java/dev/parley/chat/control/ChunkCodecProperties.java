package dev.parley.chat.control;

import dev.parley.agent.message.UIMessageChunk;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replaying {@code .out} reads chunks back from stored JSON: whatever is stored, reading either gives a chunk that
 * writes back to the same JSON or refuses it with {@link IllegalArgumentException}, never anything else.
 */
class ChunkCodecProperties {

    /** Members whose values are not free text. */
    private static final Set<String> FIXED = Set.of("type", "finishReason");

    @Property
    void aChunkWithAnyTextReadsBackToTheSameJson(@ForAll("chunkJson") JsonObject json) {
        UIMessageChunk chunk = ChunkCodec.fromJson(json);
        assertEquals(json, ChunkCodec.toJson(chunk));
        assertEquals(chunk, ChunkCodec.parse(ChunkCodec.toJsonText(chunk)));
    }

    @Property
    void anyChangedMemberIsReadConsistentlyOrRefused(@ForAll("chunkJson") JsonObject json,
                                                     @ForAll("memberNames") String member,
                                                     @ForAll("jsonValues") JsonValue value,
                                                     @ForAll boolean remove) {
        JsonObjectBuilder b = Json.createObjectBuilder(json);
        JsonObject changed = (remove ? b.remove(member) : b.add(member, value)).build();
        UIMessageChunk chunk;
        try {
            chunk = ChunkCodec.fromJson(changed);
        } catch (IllegalArgumentException refused) {
            return;
        }
        JsonObject written = ChunkCodec.toJson(chunk);
        assertEquals(chunk, ChunkCodec.fromJson(written), "what is written reads back as the same chunk");
    }

    @Property
    void anyTextIsReadOrRefused(@ForAll("chunkishText") String text) {
        try {
            ChunkCodec.parse(text);
        } catch (IllegalArgumentException | JsonException refused) {
            // the documented refusals: not JSON, not an object, not a chunk
        }
    }

    @Provide
    Arbitrary<JsonObject> chunkJson() {
        return Combinators.combine(Arbitraries.of(ChunkCodecTest.everyChunk()),
                        Arbitraries.strings().ofMaxLength(30).list().ofMinSize(1).ofMaxSize(6))
                .as((chunk, texts) -> withTexts(ChunkCodec.toJson(chunk), texts));
    }

    @Provide
    Arbitrary<String> memberNames() {
        return Arbitraries.oneOf(Arbitraries.of("type", "id", "delta", "toolCallId", "toolName", "input", "output",
                        "data", "finishReason", "messageMetadata", "providerMetadata", "transient", "dynamic", "url",
                        "errorText", "approvalId", "sourceId", "mediaType", "title", "reason"),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<JsonValue> jsonValues() {
        return JsonArbitraries.values(2);
    }

    @Provide
    Arbitrary<String> chunkishText() {
        Arbitrary<String> fromChunks = chunkJson().map(JsonObject::toString);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                fromChunks.flatMap(t -> Arbitraries.integers().between(0, t.length()).map(n -> t.substring(0, n))),
                JsonArbitraries.values(2).map(JsonValue::toString));
    }

    /** The template's free-text members take the generated texts (cycling through them). */
    private static JsonObject withTexts(JsonObject template, List<String> texts) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        int i = 0;
        for (var member : template.entrySet()) {
            if (member.getValue() instanceof JsonString && !FIXED.contains(member.getKey())) {
                b.add(member.getKey(), texts.get(i++ % texts.size()));
            } else {
                b.add(member.getKey(), member.getValue());
            }
        }
        return b.build();
    }
}
