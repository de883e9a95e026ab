package dev.parley.runs.control;

import dev.parley.agent.message.UIMessage;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Bodies;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One {@code .in} record as the run reads it (wire rules W9, W13): the stored
 * {@code {"data":"<ChatInputChunk JSON>","id":…}} unwrapped. Anything unreadable or of an unknown kind is an
 * {@code ignored} record: consumed, never an error; a message that is not a valid UIMessage is {@code invalid} (its
 * turn answers with an error).
 */
record InputRecord(String kind, String trigger, UIMessage message, String invalid, JsonValue metadata, JsonValue action,
                   String messageId) {

    private static final InputRecord IGNORED = new InputRecord("", "", null, null, null, null, null);

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
                return new InputRecord(kind, "", null, null, null, null, null);
            }
            if (!(c.get("payload") instanceof JsonObject p)) {
                return IGNORED;
            }
            UIMessage message = null;
            String invalid = null;
            if (p.get("message") instanceof JsonObject m) {
                try {
                    message = UIMessageCodec.fromJson(m);
                } catch (RuntimeException e) {
                    invalid = "Invalid message: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
            String messageId = p.get("messageId") instanceof JsonString id ? id.getString() : null;
            return new InputRecord(kind, p.getString("trigger", ""), message, invalid, p.get("metadata"), p.get("action"),
                    messageId);
        } catch (RuntimeException malformed) {
            return IGNORED;
        }
    }

    boolean isStop() {
        return "stop".equals(kind);
    }
}
