package dev.parley.chat.control;

import dev.parley.chat.entity.Snapshot;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;

/**
 * The {@code chat_snapshot} document: {@code {version:1, savedAt:<epoch ms>, messages:[UIMessage…],
 * lastOutSeq?, lastInSeq?}}. Reading also accepts trigger.dev's {@code ChatSnapshotV1} cursor names
 * ({@code lastOutEventId}/{@code lastInEventId}, decimal strings) so an exported trigger.dev snapshot loads.
 */
public final class SnapshotCodec {

    public static final int VERSION = 1;

    private SnapshotCodec() {
    }

    public static String toJsonText(Snapshot s) {
        JsonObjectBuilder b = JsonValues.PROVIDER.createObjectBuilder()
                .add("version", VERSION)
                .add("savedAt", s.savedAt().toEpochMilli())
                .add("messages", UIMessageCodec.toJsonArray(s.messages()));
        if (s.lastOutSeq() != null) {
            b.add("lastOutSeq", s.lastOutSeq());
        }
        if (s.lastInSeq() != null) {
            b.add("lastInSeq", s.lastInSeq());
        }
        return JsonValues.text(b.build());
    }

    public static Snapshot parse(String json) {
        JsonObject o = JsonValues.parseObject(json);
        long version = JsonValues.number(o, "version", VERSION);
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported snapshot version " + version);
        }
        JsonArray messages = JsonValues.array(o, "messages");
        return new Snapshot(messages == null ? List.of() : UIMessageCodec.fromJsonArray(messages),
                cursor(o, "lastOutSeq", "lastOutEventId"), cursor(o, "lastInSeq", "lastInEventId"),
                Instant.ofEpochMilli(JsonValues.number(o, "savedAt", 0)));
    }

    private static Long cursor(JsonObject o, String key, String triggerKey) {
        JsonValue v = o.containsKey(key) ? o.get(key) : o.get(triggerKey);
        if (v instanceof JsonNumber n) {
            return n.longValueExact();
        }
        if (v instanceof JsonString s && !s.getString().isEmpty()) {
            return Long.parseLong(s.getString());
        }
        return null;
    }
}
