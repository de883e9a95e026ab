package dev.parley.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * One record of an {@code .out} batch: {@code seq_num}, {@code headers} (name/value pairs) and the {@code body} text.
 * A first header with an empty name marks a storage command (trim); a {@code trigger-control} header a control record.
 */
record OutRecord(long seq, List<String[]> headers, String body) {

    static final String CONTROL = "trigger-control";

    /** The records of one {@code event: batch} data object; throws {@link IllegalArgumentException} when malformed. */
    static List<OutRecord> batch(JsonSupport json, String data) {
        JsonObject o = json.objectOrNull(data);
        if (o == null || !(o.get("records") instanceof JsonArray records)) {
            throw new IllegalArgumentException("not a batch: " + abbreviate(data));
        }
        List<OutRecord> out = new ArrayList<>(records.size());
        for (JsonValue v : records) {
            if (!(v instanceof JsonObject r)) {
                throw new IllegalArgumentException("a batch record is not an object: " + abbreviate(data));
            }
            out.add(new OutRecord(seq(r.get("seq_num")), headers(r.get("headers")),
                    r.get("body") instanceof JsonString s ? s.getString() : ""));
        }
        return out;
    }

    private static long seq(JsonValue v) {
        if (v instanceof JsonNumber n) {
            return n.longValueExact();
        }
        if (v instanceof JsonString s && s.getString().matches("\\d{1,18}")) {
            return Long.parseLong(s.getString());
        }
        throw new IllegalArgumentException("a record without a numeric seq_num");
    }

    private static List<String[]> headers(JsonValue v) {
        if (!(v instanceof JsonArray a)) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>(a.size());
        for (JsonValue h : a) {
            if (h instanceof JsonArray pair && pair.size() == 2
                    && pair.get(0) instanceof JsonString n && pair.get(1) instanceof JsonString val) {
                out.add(new String[]{n.getString(), val.getString()});
            }
        }
        return out;
    }

    boolean command() {
        return !headers.isEmpty() && headers.getFirst()[0].isEmpty();
    }

    /** The control subtype ({@code turn-complete}, {@code session-closed}, …), or null for data and commands. */
    String control() {
        return header(CONTROL);
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equals(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** The UI message chunk of a data record ({@code body = {"data": {...}, "id": …}}), or null. */
    JsonObject data(JsonSupport json) {
        JsonObject envelope = json.objectOrNull(body);
        return envelope != null && envelope.get("data") instanceof JsonObject d ? d : null;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
