package dev.parley.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks model-supplied tool arguments against the tool's input schema before anything runs, so the model gets a
 * precise complaint ({@code $.city: required}) on its next step instead of a stack trace. It covers the keywords
 * the schema generator emits: {@code type, properties, required, additionalProperties, items, enum, const,
 * anyOf/oneOf} and local {@code $ref}s; anything else is accepted.
 */
final class SchemaCheck {

    private final JsonObject root;
    private final List<String> problems = new ArrayList<>();

    private SchemaCheck(JsonObject root) {
        this.root = root;
    }

    /** The problems found, empty when the value is valid. */
    static List<String> problems(JsonObject schema, JsonValue value) {
        SchemaCheck check = new SchemaCheck(schema);
        check.check(schema, value, "$");
        return check.problems;
    }

    private void check(JsonObject schema, JsonValue value, String path) {
        JsonObject s = resolve(schema);
        if (s.containsKey("enum") && !((JsonArray) s.get("enum")).contains(value)) {
            problems.add(path + ": must be one of " + s.get("enum"));
            return;
        }
        if (s.containsKey("const") && !s.get("const").equals(value)) {
            problems.add(path + ": must be " + s.get("const"));
            return;
        }
        if (s.containsKey("type") && !typeMatches(s.get("type"), value)) {
            problems.add(path + ": expected " + s.get("type") + " but got " + typeOf(value));
            return;
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (s.get(key) instanceof JsonArray options && !options.isEmpty() && !anyMatches(options, value, path)) {
                problems.add(path + ": matches none of the allowed shapes");
                return;
            }
        }
        if (value instanceof JsonObject o) {
            object(s, o, path);
        } else if (value instanceof JsonArray a && s.get("items") instanceof JsonObject items) {
            for (int i = 0; i < a.size(); i++) {
                check(items, a.get(i), path + "[" + i + "]");
            }
        }
    }

    private void object(JsonObject s, JsonObject o, String path) {
        JsonObject properties = s.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        if (s.get("required") instanceof JsonArray required) {
            for (JsonValue r : required) {
                String name = ((JsonString) r).getString();
                if (!o.containsKey(name)) {
                    problems.add(path + "." + name + ": required");
                }
            }
        }
        for (var e : o.entrySet()) {
            String at = path + "." + e.getKey();
            if (properties.get(e.getKey()) instanceof JsonObject p) {
                check(p, e.getValue(), at);
            } else if (s.get("additionalProperties") == JsonValue.FALSE) {
                problems.add(at + ": not allowed");
            } else if (s.get("additionalProperties") instanceof JsonObject extra) {
                check(extra, e.getValue(), at);
            }
        }
    }

    /** Each option is checked against the same root, so its {@code $ref}s still resolve. */
    private boolean anyMatches(JsonArray options, JsonValue value, String path) {
        for (JsonValue option : options) {
            if (option instanceof JsonObject o) {
                SchemaCheck sub = new SchemaCheck(root);
                sub.check(o, value, path);
                if (sub.problems.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonObject resolve(JsonObject schema) {
        JsonObject s = schema;
        for (int hops = 0; s.get("$ref") instanceof JsonString ref && hops < 32; hops++) {
            String r = ref.getString();
            JsonObject target = root;
            if (!r.startsWith("#")) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            for (String segment : r.substring(1).split("/")) {
                if (!segment.isEmpty()) {
                    target = target.get(segment.replace("~1", "/").replace("~0", "~")) instanceof JsonObject t ? t
                            : JsonValue.EMPTY_JSON_OBJECT;
                }
            }
            s = target;
        }
        return s;
    }

    private static boolean typeMatches(JsonValue type, JsonValue value) {
        if (type instanceof JsonArray types) {
            return types.stream().anyMatch(t -> typeMatches(t, value));
        }
        String t = type instanceof JsonString s ? s.getString() : "";
        return switch (t) {
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "string" -> value instanceof JsonString;
            case "number" -> value instanceof JsonNumber;
            case "integer" -> value instanceof JsonNumber n && n.isIntegral();
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            default -> true;
        };
    }

    private static String typeOf(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> ((JsonNumber) v).isIntegral() ? "integer" : "number";
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
        };
    }
}
