package dev.parley.test;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.platform.Bodies;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat's {@code .out} records read as a client's reader reads them: the chunks in order, and the turns they make,
 * each closed by its {@code turn-complete} control record.
 */
final class ChatOutput {

    private ChatOutput() {
    }

    static List<UIMessageChunk> chunks(List<StreamRecord> out) {
        List<UIMessageChunk> all = new ArrayList<>();
        for (StreamRecord r : out) {
            chunk(r).ifPresent(all::add);
        }
        return all;
    }

    /** The completed turns only: chunks after the last {@code turn-complete} belong to the open turn. */
    static List<List<UIMessageChunk>> turns(List<StreamRecord> out) {
        List<List<UIMessageChunk>> turns = new ArrayList<>();
        List<UIMessageChunk> current = new ArrayList<>();
        for (StreamRecord r : out) {
            if ("turn-complete".equals(r.controlSubtype())) {
                turns.add(List.copyOf(current));
                current.clear();
            } else {
                chunk(r).ifPresent(current::add);
            }
        }
        return turns;
    }

    private static Optional<UIMessageChunk> chunk(StreamRecord r) {
        return r.body() != null && Bodies.parse(r.body()).asJsonObject().get("data") instanceof JsonObject c
                ? Optional.of(ChunkCodec.fromJson(c)) : Optional.empty();
    }
}
