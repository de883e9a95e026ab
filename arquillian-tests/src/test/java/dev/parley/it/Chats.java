package dev.parley.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static dev.parley.it.Parley.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Driving chats the way the official clients do, and reading their turns back off {@code .out}. */
final class Chats {

    private Chats() {
    }

    /** Appends a user message; returns its {@code .in} seq. */
    static long say(String chat, String text) {
        HttpResponse<String> r = Parley.append(chat, "in", Parley.message(chat, text), KEY);
        assertEquals(200, r.statusCode(), r.body());
        return Parley.json(r.body()).getJsonNumber("seq").longValue();
    }

    static void stop(String chat) {
        assertEquals(200, Parley.append(chat, "in", "{\"kind\":\"stop\"}", KEY).statusCode());
    }

    /** Reads {@code .out} after {@code cursor} until {@code n} turn-complete records have arrived (or 60 s pass). */
    static SseClient.Result untilTurns(String chat, long cursor, int n) {
        int[] seen = {0};
        Predicate<SseClient.Event> stop = e -> {
            if ("batch".equals(e.name())) {
                for (JsonValue r : Parley.json(e.data()).getJsonArray("records")) {
                    if ("turn-complete".equals(control(r.asJsonObject()))) {
                        seen[0]++;
                    }
                }
            }
            return seen[0] >= n;
        };
        SseClient.Result r = SseClient.read(Parley.URL, chat, "out", KEY, stop, "Timeout-Seconds", "60",
                "Last-Event-ID", Long.toString(cursor));
        assertEquals(n, seen[0], "turn-completes on .out after " + cursor + ": " + r.records());
        return r;
    }

    /** The control subtype of a record, or null for data and command records. */
    static String control(JsonObject record) {
        if (!record.containsKey("headers")) {
            return null;
        }
        var first = record.getJsonArray("headers").getJsonArray(0);
        return "trigger-control".equals(first.getString(0)) ? first.getString(1) : null;
    }

    static String header(JsonObject record, String name) {
        for (JsonValue h : record.getJsonArray("headers")) {
            if (name.equals(h.asJsonArray().getString(0))) {
                return h.asJsonArray().getString(1);
            }
        }
        return null;
    }

    /** The UI message chunks (data records) in order. */
    static List<JsonObject> chunks(List<JsonObject> records) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject r : records) {
            if (!r.containsKey("headers") && r.containsKey("body")) {
                out.add(SseClient.dataOf(r).asJsonObject());
            }
        }
        return out;
    }

    /** The concatenated text deltas of the given chunks. */
    static String text(List<JsonObject> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.stream().filter(c -> "text-delta".equals(c.getString("type"))).forEach(c -> sb.append(c.getString("delta")));
        return sb.toString();
    }

    static String currentRun(String chat) {
        return Parley.json(Parley.send("GET", "/api/v1/sessions/" + chat, null, "Authorization", Parley.bearer(KEY)).body())
                .getString("currentRunId");
    }

    static String runStatus(String friendlyRunId) {
        return Database.text("select status from session_run where friendly_id = ?", friendlyRunId);
    }

    static String hooks(String chat) {
        return Parley.send("GET", "/it-probe/hooks/" + chat, null).body();
    }
}
