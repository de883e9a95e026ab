package dev.parley.platform;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Set;

/**
 * Small JSON-P conveniences for codecs that must write exactly the keys a wire schema allows:
 * optional values are omitted when null, never written as {@code null}.
 */
public final class JsonValues {

    /**
     * One JSON-P provider for the whole application: {@code Json.createReader} and friends look the provider up
     * again on every call, which costs more than parsing a small chunk.
     */
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonValues() {
    }

    public static JsonValue parse(String text) {
        try (JsonReader r = PROVIDER.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    public static JsonObject parseObject(String text) {
        JsonValue v = parse(text);
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return o;
    }

    /** Compact JSON text, independent of the provider's {@code toString()}. */
    public static String text(JsonValue value) {
        StringWriter w = new StringWriter();
        try (JsonWriter jw = PROVIDER.createWriter(w)) {
            jw.write(value);
        }
        return w.toString();
    }

    /** A string member, or null when absent, null, or not a string. */
    public static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }

    /** A string member that must be present. */
    public static String required(JsonObject o, String key) {
        String s = string(o, key);
        if (s == null) {
            throw new IllegalArgumentException("missing string \"" + key + "\"");
        }
        return s;
    }

    /** A boolean member, or null when absent or not a boolean. */
    public static Boolean bool(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
    }

    public static JsonObject object(JsonObject o, String key) {
        return o.get(key) instanceof JsonObject obj ? obj : null;
    }

    public static JsonArray array(JsonObject o, String key) {
        return o.get(key) instanceof JsonArray a ? a : null;
    }

    public static long number(JsonObject o, String key, long fallback) {
        return o.get(key) instanceof JsonNumber n ? n.longValue() : fallback;
    }

    /** A present member that is not JSON {@code null}; {@code "input": null} and no input differ on the wire. */
    public static JsonValue value(JsonObject o, String key) {
        return o.containsKey(key) ? o.get(key) : null;
    }

    public static JsonValue of(String s) {
        return s == null ? JsonValue.NULL : PROVIDER.createValue(s);
    }

    public static void put(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    public static void put(JsonObjectBuilder b, String key, Boolean value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    public static void put(JsonObjectBuilder b, String key, JsonValue value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    /** The members of {@code o} whose keys are not in {@code known}: what a codec carries along untouched. */
    public static JsonObject rest(JsonObject o, Set<String> known) {
        JsonObjectBuilder b = PROVIDER.createObjectBuilder();
        o.forEach((k, v) -> {
            if (!known.contains(k)) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    /** Appends every member of {@code extra} (may be null) that the builder does not write itself. */
    public static void putAll(JsonObjectBuilder b, JsonObject extra) {
        if (extra != null) {
            extra.forEach(b::add);
        }
    }
}
