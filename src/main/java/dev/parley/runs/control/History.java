package dev.parley.runs.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;

/** Edits of the conversation the run keeps: add or merge an incoming message, drop the last answer. */
final class History {

    private History() {
    }

    /**
     * A message whose id is already in the history is merged into it (spec §6.4: clients resend an assistant message
     * with only the tool parts whose state they advanced); any other message is appended.
     */
    static void mergeOrAdd(List<JsonObject> history, JsonObject incoming) {
        String id = incoming.getString("id", null);
        for (int i = history.size() - 1; id != null && i >= 0; i--) {
            if (id.equals(history.get(i).getString("id", null))) {
                history.set(i, merge(history.get(i), incoming));
                return;
            }
        }
        history.add(incoming);
    }

    static void dropTrailingAssistant(List<JsonObject> history) {
        while (!history.isEmpty() && "assistant".equals(history.get(history.size() - 1).getString("role", ""))) {
            history.remove(history.size() - 1);
        }
    }

    private static JsonObject merge(JsonObject stored, JsonObject incoming) {
        JsonArray updates = incoming.getJsonArray("parts");
        if (updates == null) {
            return stored;
        }
        JsonArrayBuilder parts = Json.createArrayBuilder();
        for (JsonValue p : stored.getJsonArray("parts")) {
            JsonObject part = p.asJsonObject();
            JsonObject update = matching(updates, part.getString("toolCallId", null));
            if (update == null) {
                parts.add(part);
            } else {
                JsonObjectBuilder merged = Json.createObjectBuilder(part);
                update.forEach((k, v) -> {
                    if (!"type".equals(k) && !"toolCallId".equals(k)) {
                        merged.add(k, v);
                    }
                });
                parts.add(merged);
            }
        }
        return Json.createObjectBuilder(stored).add("parts", parts).build();
    }

    private static JsonObject matching(JsonArray updates, String toolCallId) {
        if (toolCallId == null) {
            return null;
        }
        for (JsonValue u : updates) {
            if (u instanceof JsonObject o && toolCallId.equals(o.getString("toolCallId", null))) {
                return o;
            }
        }
        return null;
    }
}
