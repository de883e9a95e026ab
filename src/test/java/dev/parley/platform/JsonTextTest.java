package dev.parley.platform;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JsonTextTest {

    private static String unquote(String json) {
        try (JsonReader r = Json.createReader(new StringReader("[" + json + "]"))) {
            return r.readArray().getString(0);
        }
    }

    /** A random string over all code points, including surrogate pairs but never a lone surrogate. */
    private static String randomString(Random random) {
        int length = random.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);                       // ASCII, control characters included
                case 1 -> random.nextInt(0x20);                       // control characters only
                case 2 -> random.nextInt(0x10000);                    // the whole BMP ...
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000); // supplementary planes
            };
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                cp = '\u2028';                                        // ... minus lone surrogates
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    @Test
    void randomStringsRoundTripThroughAJsonParser() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 500; i++) {
            String s = randomString(random);
            assertEquals(s, unquote(JsonText.quote(s)), () -> "round trip of " + s.codePoints()
                    .mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void everyBmpCharacterRoundTrips() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) {
            if (!Character.isSurrogate(c)) {
                sb.append(c);
            }
        }
        sb.append('\uFFFF');
        String all = sb.toString();
        assertEquals(all, unquote(JsonText.quote(all)));
    }

    @Test
    void usesShortEscapesAndHexForOtherControls() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\"", JsonText.quote("a\"b\\c\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u2028\\u2029\"", JsonText.quote("\u0000\u001f\u2028\u2029"));
    }

    @Test
    void neverEmitsRawControlOrLineSeparatorCharacters() {
        String quoted = JsonText.quote("x\u0001\u2028\u2029\u0000y");
        assertFalse(quoted.chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029), quoted);
    }

    @Test
    void appendQuotedAppendsToExistingText() {
        StringBuilder sb = new StringBuilder("{\"k\":");
        JsonText.appendQuoted(sb, "v");
        assertEquals("{\"k\":\"v\"", sb.toString());
        assertEquals("\"\"", JsonText.quote(""));
    }
}
