package dev.parley.agent;

import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tool inputs and outputs between JSON-P and Java. Records, enums, boxes, strings, collections, maps, Optional and
 * {@code parse(CharSequence)} types (java.time) are mapped here, because tool input records are usually nested
 * and non-public, which JSON-B implementations refuse to bind; any other class goes through JSON-B.
 */
final class ToolJson {

    private static volatile Jsonb jsonb;

    private ToolJson() {
    }

    static Object bind(JsonValue value, Type type) {
        return read(value, type, "$");
    }

    private static Object read(JsonValue v, Type type, String path) {
        Class<?> raw = raw(type);
        if (JsonValue.class.isAssignableFrom(raw)) {
            return expect(raw.isInstance(v), v, raw, path);
        }
        if (raw == Optional.class) {
            return Optional.ofNullable(v == null || v == JsonValue.NULL ? null : read(v, arg(type, 0), path));
        }
        if (v == null || v == JsonValue.NULL) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException(path + ": a value is required");
            }
            return null;
        }
        if (raw == String.class) {
            return ((JsonString) expect(v instanceof JsonString, v, raw, path)).getString();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return expect(v == JsonValue.TRUE || v == JsonValue.FALSE, v, raw, path) == JsonValue.TRUE;
        }
        if (v instanceof JsonNumber n && (raw.isPrimitive() || Number.class.isAssignableFrom(raw))) {
            return number(n, raw, path);
        }
        if (raw.isEnum()) {
            return enumConstant(raw, ((JsonString) expect(v instanceof JsonString, v, raw, path)).getString(), path);
        }
        if (raw.isRecord()) {
            return record(raw, (JsonObject) expect(v instanceof JsonObject, v, raw, path), path);
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            return collection(raw, type, (JsonArray) expect(v instanceof JsonArray, v, raw, path), path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Map<String, Object> map = new LinkedHashMap<>();
            ((JsonObject) expect(v instanceof JsonObject, v, raw, path))
                    .forEach((k, x) -> map.put(k, read(x, arg(type, 1), path + "." + k)));
            return map;
        }
        if (raw == UUID.class) {
            return UUID.fromString(((JsonString) expect(v instanceof JsonString, v, raw, path)).getString());
        }
        if (v instanceof JsonString s && parser(raw) != null) {
            return invoke(parser(raw), s.getString());
        }
        return jsonb().fromJson(JsonValues.text(v), type);
    }

    private static Object expect(boolean ok, JsonValue v, Class<?> type, String path) {
        if (!ok) {
            throw new IllegalArgumentException(path + ": " + v.getValueType().name().toLowerCase()
                    + " cannot be read as " + type.getSimpleName());
        }
        return v;
    }

    private static Object number(JsonNumber n, Class<?> raw, String path) {
        try {
            return switch (raw.getSimpleName()) {
                case "int", "Integer" -> n.intValueExact();
                case "long", "Long" -> n.longValueExact();
                case "short", "Short" -> (short) n.intValueExact();
                case "byte", "Byte" -> (byte) n.intValueExact();
                case "double", "Double" -> n.doubleValue();
                case "float", "Float" -> (float) n.doubleValue();
                case "BigInteger" -> n.bigIntegerValueExact();
                default -> n.bigDecimalValue();
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + ": " + n + " is not a whole " + raw.getSimpleName(), e);
        }
    }

    private static Object enumConstant(Class<?> raw, String name, String path) {
        for (Object c : raw.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(path + ": " + name + " is not one of " + List.of(raw.getEnumConstants()));
    }

    private static Object record(Class<?> raw, JsonObject o, String path) {
        RecordComponent[] components = raw.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = read(o.get(components[i].getName()), components[i].getGenericType(),
                    path + "." + components[i].getName());
        }
        try {
            Constructor<?> c = raw.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(path + ": " + cause.getMessage(), cause);
        }
    }

    private static Object collection(Class<?> raw, Type type, JsonArray a, String path) {
        Type element = raw.isArray() ? raw.getComponentType() : arg(type, 0);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            items.add(read(a.get(i), element, path + "[" + i + "]"));
        }
        if (raw.isArray()) {
            Object array = Array.newInstance(raw.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, items.get(i));
            }
            return array;
        }
        return Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>(items) : items;
    }

    static JsonValue toJson(Object o) {
        return switch (o) {
            case null -> JsonValue.NULL;
            case JsonValue v -> v;
            case String s -> Json.createValue(s);
            case Character c -> Json.createValue(c.toString());
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            case Integer i -> Json.createValue(i);
            case Long l -> Json.createValue(l);
            case Short s -> Json.createValue(s);
            case Byte b -> Json.createValue(b);
            case BigInteger b -> Json.createValue(b);
            case Number n -> Json.createValue(new BigDecimal(n.toString()));
            case Enum<?> e -> Json.createValue(e.name());
            case Optional<?> opt -> toJson(opt.orElse(null));
            case Record r -> recordToJson(r);
            case Collection<?> c -> {
                JsonArrayBuilder a = Json.createArrayBuilder();
                c.forEach(x -> a.add(toJson(x)));
                yield a.build();
            }
            case Map<?, ?> m -> {
                JsonObjectBuilder b = Json.createObjectBuilder();
                m.forEach((k, x) -> b.add(String.valueOf(k), toJson(x)));
                yield b.build();
            }
            case UUID u -> Json.createValue(u.toString());
            case java.time.temporal.TemporalAccessor t -> Json.createValue(t.toString());
            default -> o.getClass().isArray() ? arrayToJson(o) : JsonValues.parse(jsonb().toJson(o));
        };
    }

    private static JsonValue recordToJson(Record r) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                Object value = accessor.invoke(r);
                if (value != null) {
                    b.add(c.getName(), toJson(value));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
            }
        }
        return b.build();
    }

    private static JsonValue arrayToJson(Object array) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < Array.getLength(array); i++) {
            a.add(toJson(Array.get(array, i)));
        }
        return a.build();
    }

    private static Class<?> raw(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            default -> Object.class;
        };
    }

    private static Type arg(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : JsonValue.class;
    }

    private static Method parser(Class<?> raw) {
        try {
            Method m = raw.getMethod("parse", CharSequence.class);
            return java.lang.reflect.Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method parse, String text) {
        try {
            return parse.invoke(null, text);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), cause);
        }
    }

    private static Jsonb jsonb() {
        Jsonb j = jsonb;
        if (j == null) {
            synchronized (ToolJson.class) {
                j = jsonb;
                if (j == null) {
                    j = JsonbBuilder.create();
                    jsonb = j;
                }
            }
        }
        return j;
    }
}
