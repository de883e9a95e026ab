package dev.parley.sessions.entity;

import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated create request (wire rule W4). The stored trigger config keeps only the known fields, as the reference
 * server's schema does, so echoing it back always passes the client's schema.
 */
public record CreateSession(String type, String externalId, String taskIdentifier, JsonObject triggerConfig,
                            List<String> tags, JsonObject metadata, Instant expiresAt) {

    private static final Set<String> MACHINES = Set.of("micro", "small-1x", "small-2x", "medium-1x", "medium-2x",
            "large-1x", "large-2x");

    public static CreateSession from(JsonObject body) {
        String type = requiredString(body, "type", 64);
        String taskIdentifier = requiredString(body, "taskIdentifier", 128);
        String externalId = optionalString(body, "externalId", 256, true);
        if (externalId != null && externalId.startsWith("session_")) {
            throw ApiException.badRequest("externalId must not start with \"session_\"");
        }
        JsonValue tc = body.get("triggerConfig");
        if (tc == null || tc.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("triggerConfig is required and must be an object");
        }
        return new CreateSession(type, externalId, taskIdentifier, triggerConfig(tc.asJsonObject()),
                Tags.from(body.get("tags"), 10), optionalObject(body, "metadata"), date(body.get("expiresAt")));
    }

    static JsonObject triggerConfig(JsonObject tc) {
        JsonValue base = tc.get("basePayload");
        if (base == null || base.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("triggerConfig.basePayload is required and must be an object");
        }
        JsonObjectBuilder out = Json.createObjectBuilder().add("basePayload", base);
        String machine = optionalString(tc, "machine", 32, false);
        if (machine != null) {
            if (!MACHINES.contains(machine)) {
                throw ApiException.badRequest("triggerConfig.machine must be one of " + MACHINES);
            }
            out.add("machine", machine);
        }
        copyString(tc, out, "queue", 128);
        copyString(tc, out, "lockToVersion", 128);
        copyString(tc, out, "region", 64);
        if (tc.containsKey("tags")) {
            JsonArrayBuilderHolder.add(out, "tags", Tags.from(tc.get("tags"), 5));
        }
        copyInt(tc, out, "maxAttempts", 1, 10);
        copyInt(tc, out, "maxDuration", 1, Integer.MAX_VALUE);
        copyInt(tc, out, "idleTimeoutInSeconds", 1, 3600);
        return out.build();
    }

    private static final class JsonArrayBuilderHolder {
        static void add(JsonObjectBuilder out, String key, List<String> values) {
            var a = Json.createArrayBuilder();
            values.forEach(a::add);
            out.add(key, a);
        }
    }

    private static void copyString(JsonObject in, JsonObjectBuilder out, String key, int max) {
        String v = optionalString(in, key, max, false);
        if (v != null) {
            out.add(key, v);
        }
    }

    private static void copyInt(JsonObject in, JsonObjectBuilder out, String key, int min, int max) {
        JsonValue v = in.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()
                || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw ApiException.badRequest("triggerConfig." + key + " must be an integer from " + min + " to " + max);
        }
        out.add(key, n.intValue());
    }

    static String requiredString(JsonObject o, String key, int max) {
        String v = optionalString(o, key, max, false);
        if (v == null) {
            throw ApiException.badRequest(key + " is required");
        }
        return v;
    }

    static String optionalString(JsonObject o, String key, int max, boolean trim) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw ApiException.badRequest(key + " must be a string");
        }
        String str = trim ? s.getString().trim() : s.getString();
        if (str.isEmpty() || str.length() > max) {
            throw ApiException.badRequest(key + " must be 1 to " + max + " characters");
        }
        Bodies.requireStorable(key, str);
        return str;
    }

    static JsonObject optionalObject(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest(key + " must be an object");
        }
        return v.asJsonObject();
    }

    /**
     * {@code z.coerce.date()}: an ISO-8601 string or epoch milliseconds, within JavaScript's date range and from the
     * year 1 on (PostgreSQL's timestamps start in 4713 BC and would refuse earlier ones with an error).
     */
    static Instant date(JsonValue v) {
        Instant d = anyDate(v);
        if (d != null && (d.isBefore(EARLIEST_DATE) || d.isAfter(LATEST_DATE))) {
            throw ApiException.badRequest("expiresAt must be a date from the year 1 to 275760");
        }
        return d;
    }

    private static final Instant EARLIEST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_DATE = Instant.ofEpochMilli(8_640_000_000_000_000L);

    private static Instant anyDate(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        try {
            if (v instanceof JsonNumber n) {
                java.math.BigDecimal ms = n.bigDecimalValue();
                // z.coerce.date accepts JavaScript's date range: ±8.64e15 ms around the epoch
                if (ms.abs().compareTo(java.math.BigDecimal.valueOf(8_640_000_000_000_000L)) <= 0) {
                    return Instant.ofEpochMilli(ms.longValue());
                }
                throw new ArithmeticException("out of range");
            }
            if (v instanceof JsonString s) {
                String t = s.getString();
                return t.length() == 10 ? OffsetDateTime.parse(t + "T00:00:00Z").toInstant() : OffsetDateTime.parse(t).toInstant();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through to the error below
        }
        throw ApiException.badRequest("expiresAt must be an ISO-8601 date or epoch milliseconds");
    }

    /** Tag lists: arrays of 1–128 character strings with a maximum count. */
    public static final class Tags {
        private Tags() {
        }

        public static List<String> from(JsonValue v, int maxCount) {
            List<String> out = new ArrayList<>();
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                return out;
            }
            if (v.getValueType() != JsonValue.ValueType.ARRAY) {
                throw ApiException.badRequest("tags must be an array of strings");
            }
            JsonArray a = v.asJsonArray();
            if (a.size() > maxCount) {
                throw ApiException.badRequest("at most " + maxCount + " tags are allowed");
            }
            for (JsonValue t : a) {
                if (!(t instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > 128) {
                    throw ApiException.badRequest("each tag must be a string of 1 to 128 characters");
                }
                Bodies.requireStorable("tags", s.getString());
                out.add(s.getString());
            }
            return out;
        }
    }
}
