package dev.parley.models.control;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.chat.control.ChunkCodec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A sink that records chunks, and the structural rules every turn's stream must obey. */
final class ChunkSequence implements Consumer<UIMessageChunk> {

    final List<UIMessageChunk> chunks = new ArrayList<>();

    @Override
    public void accept(UIMessageChunk chunk) {
        chunks.add(chunk);
    }

    List<String> types() {
        return chunks.stream().map(UIMessageChunk::type).toList();
    }

    <T extends UIMessageChunk> List<T> all(Class<T> type) {
        return chunks.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * start first; steps paired and not nested; text/reasoning parts opened once, used only while open and closed
     * inside their step; the last chunk is finish (or abort), and nothing but an error precedes a final finish
     * outside a step; every chunk survives the strict codec.
     */
    ChunkSequence assertValid() {
        assertFalse(chunks.isEmpty(), "no chunks");
        assertInstanceOf(UIMessageChunk.Start.class, chunks.getFirst(), "first chunk");
        UIMessageChunk last = chunks.getLast();
        assertTrue(last instanceof UIMessageChunk.Finish || last instanceof UIMessageChunk.Abort,
                "last chunk must be finish or abort, was " + last.type());
        boolean inStep = false;
        Set<String> open = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < chunks.size(); i++) {
            UIMessageChunk c = chunks.get(i);
            assertEquals(c, ChunkCodec.parse(ChunkCodec.toJsonText(c)), "strict round trip of " + c.type());
            switch (c) {
                case UIMessageChunk.Start s -> assertEquals(0, i, "start only first");
                case UIMessageChunk.StartStep s -> {
                    assertFalse(inStep, "start-step inside a step at " + i);
                    inStep = true;
                }
                case UIMessageChunk.FinishStep s -> {
                    assertTrue(inStep, "finish-step without start-step at " + i);
                    assertTrue(open.isEmpty(), "parts left open at finish-step: " + open);
                    inStep = false;
                }
                case UIMessageChunk.TextStart s -> open(open, used, "t:" + s.id(), inStep, i);
                case UIMessageChunk.ReasoningStart s -> open(open, used, "r:" + s.id(), inStep, i);
                case UIMessageChunk.TextDelta d -> assertTrue(open.contains("t:" + d.id()), "delta on closed " + d.id());
                case UIMessageChunk.ReasoningDelta d ->
                        assertTrue(open.contains("r:" + d.id()), "delta on closed " + d.id());
                case UIMessageChunk.TextEnd e -> assertTrue(open.remove("t:" + e.id()), "text-end without start");
                case UIMessageChunk.ReasoningEnd e ->
                        assertTrue(open.remove("r:" + e.id()), "reasoning-end without start");
                case UIMessageChunk.Finish f -> {
                    assertEquals(chunks.size() - 1, i, "finish must be last");
                    assertFalse(inStep, "finish inside a step");
                }
                case UIMessageChunk.Abort a -> assertEquals(chunks.size() - 1, i, "abort must be last");
                default -> {
                }
            }
        }
        assertFalse(inStep, "a step was never finished");
        assertTrue(open.isEmpty(), "parts never closed: " + open);
        return this;
    }

    private static void open(Set<String> open, Set<String> used, String key, boolean inStep, int i) {
        assertTrue(inStep, "part opened outside a step at " + i);
        if (!used.add(key)) {
            fail("part id reused: " + key);
        }
        open.add(key);
    }

    /** Everything streamed as text, concatenated. */
    String text() {
        StringBuilder sb = new StringBuilder();
        all(UIMessageChunk.TextDelta.class).forEach(d -> sb.append(d.delta()));
        return sb.toString();
    }
}
