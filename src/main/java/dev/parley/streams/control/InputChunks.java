package dev.parley.streams.control;

import dev.parley.platform.Bodies;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** What the server itself needs to know about a {@code .in} record (wire rule W13); everything else is the agent's. */
public final class InputChunks {

    private InputChunks() {
    }

    /**
     * Only a message that asks for work starts a run when none is live: stop and close records are stored but never
     * start one (decision D4).
     */
    public static boolean startsRun(String raw) {
        JsonValue v = Bodies.parse(raw);
        if (!(v instanceof JsonObject o) || !"message".equals(string(o, "kind"))) {
            return false;
        }
        JsonValue payload = o.get("payload");
        return payload instanceof JsonObject p && !"close".equals(string(p, "trigger"));
    }

    /** Clients may not claim webhook trust: {@code payload.actionSource:"webhook"} is removed (wire rule W15). */
    public static String sanitize(String raw) {
        if (!raw.contains("\"actionSource\"")) {
            return raw;
        }
        JsonValue v = Bodies.parse(raw);
        if (v instanceof JsonObject o && o.get("payload") instanceof JsonObject p && "webhook".equals(string(p, "actionSource"))) {
            return Json.createObjectBuilder(o).add("payload", Json.createObjectBuilder(p).remove("actionSource")).build().toString();
        }
        return raw;
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
