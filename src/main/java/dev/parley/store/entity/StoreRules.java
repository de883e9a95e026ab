package dev.parley.store.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatch;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the chat store accepts, from the agent and from clients alike. Invariant: no stored value, and no patch that
 * is applied, names {@code __proto__}, {@code constructor} or {@code prototype} as a key or a path segment — browser
 * code merges these values into its own objects, where such a key reaches an object's prototype — and nothing
 * over the caps is stored. A refused write changes nothing. The patch itself is applied by Jakarta JSON-P
 * ({@link JsonPatch}, RFC 6902); this class only decides what may reach it.
 */
public final class StoreRules {

    /** A slot's value as JSON text, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    /** A JSON Patch request body, in bytes. */
    public static final int MAX_PATCH_BYTES = 64 * 1024;
    public static final int MAX_OPERATIONS = 100;
    /** Slots per session: the state of a chat, not a database. */
    public static final int MAX_SLOTS = 20;

    private static final Pattern SLOT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FORBIDDEN = Set.of("__proto__", "constructor", "prototype");
    private static final Set<String> NEEDS_VALUE = Set.of("add", "replace", "test");
    private static final Set<String> NEEDS_FROM = Set.of("move", "copy");
    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace", "move", "copy", "test");

    private StoreRules() {
    }

    /** The slot name, checked. */
    public static String slot(String name) {
        if (name == null || !SLOT.matcher(name).matches()) {
            throw new StoreRefusal(400, "invalid_slot", "A slot name is 1 to 64 letters, digits, _ or -");
        }
        if (FORBIDDEN.contains(name)) {
            throw forbidden("slot name \"" + name + "\"");
        }
        return name;
    }

    /** The value as the JSON text to store, checked: no forbidden key at any depth, at most the size cap. */
    public static String value(JsonStructure value) {
        forbiddenKeys(value, "the value");
        String text = value.toString();
        storable(text);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new StoreRefusal(413, "value_too_large", "A slot holds at most " + MAX_VALUE_BYTES
                    + " bytes of JSON; this value has " + bytes);
        }
        return text;
    }

    /** A JSON Patch document (RFC 6902) read from a request body, checked before anything applies it. */
    public static JsonPatch patch(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PATCH_BYTES) {
            throw new StoreRefusal(413, "patch_too_large", "A JSON Patch is at most " + MAX_PATCH_BYTES + " bytes");
        }
        JsonValue doc;
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            doc = r.readValue();
        } catch (RuntimeException notJson) {
            throw invalid("The body is not JSON");
        }
        if (!(doc instanceof JsonArray ops)) {
            throw invalid("A JSON Patch is an array of operations");
        }
        if (ops.size() > MAX_OPERATIONS) {
            throw invalid("A JSON Patch has at most " + MAX_OPERATIONS + " operations; this one has " + ops.size());
        }
        for (int i = 0; i < ops.size(); i++) {
            check(i, ops.get(i));
        }
        return Json.createPatch(ops);
    }

    /** The patched value; a patch that does not apply (a failed {@code test}, a missing path) changes nothing. */
    public static JsonStructure apply(JsonPatch patch, JsonStructure base) {
        try {
            return patch.apply(base);
        } catch (JsonException | ClassCastException e) {
            throw new StoreRefusal(409, "patch_failed", "The patch does not apply to the slot's value: " + e.getMessage());
        }
    }

    private static void check(int i, JsonValue v) {
        String at = "operation " + i;
        if (!(v instanceof JsonObject op)) {
            throw invalid(at + " is not an object");
        }
        String name = op.get("op") instanceof JsonString s ? s.getString() : null;
        if (name == null || !OPERATIONS.contains(name)) {
            throw invalid(at + ": op must be one of add, remove, replace, move, copy, test");
        }
        pointer(at, "path", op.get("path"));
        if (NEEDS_FROM.contains(name)) {
            pointer(at, "from", op.get("from"));
        }
        if (NEEDS_VALUE.contains(name)) {
            if (!op.containsKey("value")) {
                throw invalid(at + " (" + name + ") needs a value");
            }
            forbiddenKeys(op.get("value"), at + "'s value");
        }
    }

    /** A JSON Pointer (RFC 6901): empty or starting with {@code /}; each decoded segment is checked. */
    private static void pointer(String at, String member, JsonValue v) {
        if (!(v instanceof JsonString s)) {
            throw invalid(at + " needs a " + member + " string");
        }
        String p = s.getString();
        if (!p.isEmpty() && !p.startsWith("/")) {
            throw invalid(at + ": " + member + " must be empty or start with /");
        }
        for (String raw : p.isEmpty() ? new String[0] : p.substring(1).split("/", -1)) {
            String segment = raw.replace("~1", "/").replace("~0", "~");
            if (FORBIDDEN.contains(segment)) {
                throw forbidden(at + ": " + member + " segment \"" + segment + "\"");
            }
        }
    }

    private static void forbiddenKeys(JsonValue v, String where) {
        if (v instanceof JsonObject o) {
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                if (FORBIDDEN.contains(e.getKey())) {
                    throw forbidden(where + ": key \"" + e.getKey() + "\"");
                }
                forbiddenKeys(e.getValue(), where);
            }
        } else if (v instanceof JsonArray a) {
            a.forEach(item -> forbiddenKeys(item, where));
        }
    }

    /** PostgreSQL text cannot hold an unpaired surrogate (JSON escapes control characters, NUL included). */
    private static void storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new StoreRefusal(400, "invalid_value", "The value holds an unpaired surrogate, which is not text");
            }
        }
    }

    private static StoreRefusal invalid(String message) {
        return new StoreRefusal(400, "invalid_patch", message);
    }

    private static StoreRefusal forbidden(String what) {
        return new StoreRefusal(400, "forbidden_key", what + " is refused: __proto__, constructor and prototype"
                + " are never store keys");
    }
}
