package dev.parley.chat.control;

import dev.parley.platform.JsonValues;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tool arguments stream in pieces: every piece so far reads as nothing or as a value of the kind the finished text
 * will be (never an object turning into a string), the finished text reads as itself, and no text throws.
 */
class PartialJsonProperties {

    @Property
    void everyPrefixReadsAsNothingOrAsTheSameKindOfValue(@ForAll("jsonValues") JsonValue value) {
        String text = JsonValues.text(value);
        for (int n = 1; n < text.length(); n++) {
            JsonValue partial = PartialJson.parse(text.substring(0, n));
            assertTrue(partial == null || sameKind(partial, value),
                    () -> "prefix read as another kind of value: " + partial);
        }
        assertEquals(value, PartialJson.parse(text));
    }

    @Property
    void anyTextReadsAsAValueOrNothing(@ForAll("texts") String text) {
        PartialJson.parse(text);
    }

    @Provide
    Arbitrary<JsonValue> jsonValues() {
        return JsonArbitraries.values(3);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("{}[]\":,\\ tfn0123-.eu").ofMaxLength(40));
    }

    private static boolean sameKind(JsonValue a, JsonValue b) {
        return a.getValueType() == b.getValueType()
                || (isBoolean(a) && isBoolean(b));
    }

    private static boolean isBoolean(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.TRUE || v.getValueType() == JsonValue.ValueType.FALSE;
    }
}
