package dev.parley.runs.control;

import dev.parley.platform.Bodies;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One {@code .in} record as the run reads it (spec §6): the stored {@code {"data":"<ChatInputChunk JSON>","id":…}}
 * unwrapped. Anything unreadable or of an unknown kind is an {@code ignored} record: consumed, never an error.
 */
record InputRecord(String kind, String trigger, JsonObject message, JsonValue metadata, JsonValue action) {

    private static final InputRecord IGNORED = new InputRecord("", "", null, null, null);

    static InputRecord of(StreamRecord r) {
        if (r.body() == null || r.command() || r.controlSubtype() != null) {
            return IGNORED;
        }
        try {
            JsonValue data = Bodies.parse(r.body()).asJsonObject().get("data");
            JsonValue chunk = data instanceof JsonString s ? Bodies.parse(s.getString()) : data;
            if (!(chunk instanceof JsonObject c)) {
                return IGNORED;
            }
            String kind = c.getString("kind", "");
            if (!"message".equals(kind)) {
                return new InputRecord(kind, "", null, null, null);
            }
            if (!(c.get("payload") instanceof JsonObject p)) {
                return IGNORED;
            }
            return new InputRecord(kind, p.getString("trigger", ""),
                    p.get("message") instanceof JsonObject m ? m : null, p.get("metadata"), p.get("action"));
        } catch (RuntimeException malformed) {
            return IGNORED;
        }
    }

    boolean isStop() {
        return "stop".equals(kind);
    }
}
