package dev.parley.chat.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.math.BigDecimal;

/** Generated JSON values of bounded depth: every kind of value, nested objects and arrays, any text. */
final class JsonArbitraries {

    private JsonArbitraries() {
    }

    static Arbitrary<JsonValue> values(int depth) {
        Arbitrary<JsonValue> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (JsonValue) Json.createValue(s)),
                Arbitraries.longs().map(n -> (JsonValue) Json.createValue(n)),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).ofScale(3)
                        .map(d -> (JsonValue) Json.createValue(d)),
                Arbitraries.of(JsonValue.TRUE, JsonValue.FALSE, JsonValue.NULL));
        if (depth == 0) {
            return leaves;
        }
        return Arbitraries.oneOf(leaves, leaves, objects(depth - 1), arrays(depth - 1));
    }

    static Arbitrary<JsonValue> objects(int depth) {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), values(depth)).ofMaxSize(4).map(m -> {
            JsonObjectBuilder b = Json.createObjectBuilder();
            m.forEach(b::add);
            return b.build();
        });
    }

    static Arbitrary<JsonValue> arrays(int depth) {
        return values(depth).list().ofMaxSize(4).map(l -> {
            JsonArrayBuilder b = Json.createArrayBuilder();
            l.forEach(b::add);
            return b.build();
        });
    }
}
