package dev.parley.auth.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretKeysTest {

    @Test
    void everyAcceptedKeyHasAHintThatFitsTheColumn() {
        for (String key : new String[]{
                "sk_parley_acceptance_0123456789abcdef", // the README's rules allow it (37 characters)
                "tr_dev_0123456789abcdefghijklmnopqrstuvwxyzAB",
                SecretKeys.generate("a-very-long-environment-slug-that-fills-the-sixty-four-char-col"),
                "no-underscore-at-all-0123456789abcdef",
                "_".repeat(40),
                "x".repeat(SecretKeys.MAX_LENGTH)}) {
            assertDoesNotThrow(() -> SecretKeys.requireUsable(key), key);
            String hint = SecretKeys.hint(key);
            assertTrue(hint.length() <= SecretKeys.HINT_MAX, hint + " is longer than key_hint varchar(24)");
            assertTrue(hint.endsWith(key.substring(key.length() - 4)), hint);
        }
    }

    @Test
    void theHintShowsThePrefixAndTheLastFourCharacters() {
        assertEquals("tr_dev_…yzAB", SecretKeys.hint("tr_dev_0123456789abcdefghijklmnopqrstuvwxyzAB"));
        assertEquals("sk_parley_acceptanc…cdef", SecretKeys.hint("sk_parley_acceptance_0123456789abcdef"));
    }

    @Test
    void refusedKeysSayWhy() {
        for (String key : new String[]{"short_key", "with space 0123456789abcdefghijklmnop", "é".repeat(40),
                "x".repeat(SecretKeys.MAX_LENGTH + 1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretKeys.requireUsable(key));
            assertTrue(e.getMessage().contains("32 to 512 visible ASCII characters"), e.getMessage());
        }
    }
}
