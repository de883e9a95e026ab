package dev.parley.runs.control;

import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.platform.Bodies;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

/** The assistant message a crashed run was writing: its chunks after the last turn-complete, folded as a client would. */
final class PartialAnswer {

    private PartialAnswer() {
    }

    /** Null if the crashed turn had not started a message. */
    static UIMessage of(RecordReader reader, String sessionId, Long turnComplete) {
        MessageAccumulator acc = null;
        long from = turnComplete == null ? 0 : turnComplete + 1;
        for (StreamRecord r : reader.range(sessionId, Io.OUT, from, Long.MAX_VALUE, 10_000)) {
            if (r.command() || r.controlSubtype() != null || r.body() == null) {
                continue;
            }
            try {
                if (Bodies.parse(r.body()).asJsonObject().get("data") instanceof JsonObject o) {
                    UIMessageChunk c = ChunkCodec.fromJson(o);
                    if (c instanceof UIMessageChunk.Start) {
                        acc = new MessageAccumulator();
                    }
                    if (acc != null) {
                        acc.accept(c);
                    }
                }
            } catch (RuntimeException unreadable) {
                // a chunk this build cannot read does not stop the recovery
            }
        }
        return acc == null ? null : acc.message();
    }
}
