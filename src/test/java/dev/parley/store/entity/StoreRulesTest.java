package dev.parley.store.entity;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreRulesTest {

    private static JsonStructure json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return (JsonStructure) r.readValue();
        }
    }

    private static StoreRefusal refused(String patch) {
        return assertThrows(StoreRefusal.class, () -> StoreRules.patch(patch));
    }

    @Test
    void aPatchIsAppliedByJsonP() {
        JsonStructure cart = json("{\"items\":[\"tea\"],\"note\":\"x\"}");
        JsonStructure next = StoreRules.apply(StoreRules.patch("""
                [{"op":"add","path":"/items/-","value":"milk"},{"op":"remove","path":"/note"},
                 {"op":"copy","from":"/items/0","path":"/first"},{"op":"test","path":"/first","value":"tea"}]"""), cart);
        assertEquals(json("{\"items\":[\"tea\",\"milk\"],\"first\":\"tea\"}"), next);
        assertEquals(json("{\"items\":[\"tea\"],\"note\":\"x\"}"), cart, "the stored value is not changed in place");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"op\":\"add\",\"path\":\"/__proto__/admin\",\"value\":true}]",
            "[{\"op\":\"add\",\"path\":\"/a/constructor/prototype\",\"value\":1}]",
            "[{\"op\":\"replace\",\"path\":\"/prototype\",\"value\":1}]",
            "[{\"op\":\"remove\",\"path\":\"/x/__proto__\"}]",
            "[{\"op\":\"move\",\"from\":\"/__proto__\",\"path\":\"/a\"}]",
            "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/constructor\"}]",
            "[{\"op\":\"test\",\"path\":\"/items/0/__proto__\",\"value\":1}]",
            "[{\"op\":\"add\",\"path\":\"/a\",\"value\":{\"b\":[{\"__proto__\":{\"admin\":true}}]}}]",
            "[{\"op\":\"add\",\"path\":\"\",\"value\":{\"constructor\":{\"prototype\":{}}}}]"})
    void protoConstructorAndPrototypeAreRefusedAsPathSegmentsAndAsKeys(String patch) {
        StoreRefusal r = refused(patch);
        assertEquals(400, r.status());
        assertEquals("forbidden_key", r.code());
        assertTrue(r.getMessage().contains("is refused"), r.getMessage());
    }

    @Test
    void aPointerSegmentIsCheckedDecodedAndOnlyWhole() {
        assertEquals("forbidden_key", refused("[{\"op\":\"add\",\"path\":\"/__proto__\",\"value\":1}]").code());
        // "~1" decodes to "/", so this names the key "a/__proto__": a key of its own, harmless
        assertDoesNotThrow(() -> StoreRules.patch("[{\"op\":\"add\",\"path\":\"/a~1__proto__\",\"value\":1}]"));
        assertDoesNotThrow(() -> StoreRules.patch("[{\"op\":\"add\",\"path\":\"/constructors\",\"value\":{\"prototypes\":1}}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"op\":\"add\"}", "[1]", "[{\"op\":\"merge\",\"path\":\"/a\"}]",
            "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]", "[{\"op\":\"add\",\"path\":\"/a\"}]",
            "[{\"op\":\"move\",\"path\":\"/a\"}]", "[{\"op\":\"remove\"}]"})
    void aMalformedPatchIsRefusedAsInvalid(String patch) {
        StoreRefusal r = refused(patch);
        assertEquals(400, r.status());
        assertEquals("invalid_patch", r.code());
    }

    @Test
    void aPatchThatDoesNotApplyIsAConflictAndChangesNothing() {
        JsonStructure v = json("{\"a\":1}");
        StoreRefusal test = assertThrows(StoreRefusal.class,
                () -> StoreRules.apply(StoreRules.patch("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]"), v));
        assertEquals(409, test.status());
        assertEquals("patch_failed", test.code());
        assertEquals(409, assertThrows(StoreRefusal.class,
                () -> StoreRules.apply(StoreRules.patch("[{\"op\":\"remove\",\"path\":\"/b\"}]"), v)).status());
        assertEquals(409, assertThrows(StoreRefusal.class,
                () -> StoreRules.apply(StoreRules.patch("[{\"op\":\"replace\",\"path\":\"\",\"value\":5}]"), v)).status(),
                "a slot holds an object or an array");
        assertEquals(json("{\"a\":1}"), v);
    }

    @Test
    void capsBoundTheOperationsThePatchAndTheValue() {
        String op = "{\"op\":\"add\",\"path\":\"/a\",\"value\":1}";
        String hundred = "[" + String.join(",", Collections.nCopies(StoreRules.MAX_OPERATIONS, op)) + "]";
        assertDoesNotThrow(() -> StoreRules.patch(hundred));
        assertEquals("invalid_patch", refused(hundred.replace("]", "," + op + "]")).code());

        String big = "x".repeat(StoreRules.MAX_PATCH_BYTES);
        StoreRefusal tooLong = refused("[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"" + big + "\"}]");
        assertEquals(413, tooLong.status());
        assertEquals("patch_too_large", tooLong.code());

        String fits = "x".repeat(StoreRules.MAX_VALUE_BYTES - "{\"a\":\"\"}".length());
        assertDoesNotThrow(() -> StoreRules.value(json("{\"a\":\"" + fits + "\"}")));
        StoreRefusal tooBig = assertThrows(StoreRefusal.class, () -> StoreRules.value(json("{\"a\":\"" + fits + "x\"}")));
        assertEquals(413, tooBig.status());
        assertEquals("value_too_large", tooBig.code());
        // bytes, not characters: a two-byte character counts twice
        assertThrows(StoreRefusal.class, () -> StoreRules.value(json("{\"a\":\"" + fits.substring(1) + "é\"}")));
    }

    @Test
    void aStoredValueNeverHoldsAForbiddenKey() {
        assertEquals("forbidden_key", assertThrows(StoreRefusal.class,
                () -> StoreRules.value(json("[{\"ok\":{\"prototype\":1}}]"))).code());
    }

    @Test
    void aValueIsTextPostgreSqlCanStore() {
        assertDoesNotThrow(() -> StoreRules.value(json("{\"a\":\"nul \\u0000 and \\ud83d\\ude00\"}")));
        assertEquals("invalid_value", assertThrows(StoreRefusal.class,
                () -> StoreRules.value(json("{\"a\":\"half \\ud83d\"}"))).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "x12345678901234567890123456789012345678901234567890123456789012345", "__proto__", "constructor", "prototype", "é"})
    void slotNamesAreShortWordsAndNeverForbiddenKeys(String name) {
        assertEquals(400, assertThrows(StoreRefusal.class, () -> StoreRules.slot(name)).status());
    }

    @Test
    void ordinarySlotNamesPass() {
        assertEquals("cart_2-b", StoreRules.slot("cart_2-b"));
    }
}
