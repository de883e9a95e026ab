package dev.parley.streams.boundary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LastEventIdTest {

    @Test
    void parsesAPlainInteger() {
        assertEquals(5L, LastEventId.parse("5"));
        assertEquals(0L, LastEventId.parse("0"));
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertEquals(7L, LastEventId.parse(" 7 "));
    }

    @Test
    void takesTheIntegerBeforeTheFirstComma() {
        assertEquals(3L, LastEventId.parse("3,10,200"));
        assertEquals(3L, LastEventId.parse(" 3 ,x"));
    }

    @Test
    void acceptsEighteenDigits() {
        assertEquals(999_999_999_999_999_999L, LastEventId.parse("999999999999999999"));
    }

    @Test
    void rejectsOverlongDigitsInsteadOfOverflowing() {
        assertNull(LastEventId.parse("9999999999999999999"));
        assertNull(LastEventId.parse("1234567890123456789012345"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "-1", "+1", "1.5", "   ", ",5", "1e3", "0x10"})
    void answersNullForAnythingButANonNegativeInteger(String header) {
        assertNull(LastEventId.parse(header));
    }
}
