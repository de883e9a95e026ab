package dev.parley.auth.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRingTest {

    @Test
    void credentialsThatCannotExistCostNoQuery() {
        assertTrue(KeyRing.couldBeSecretKey(SecretKeys.generate("default")));
        assertTrue(KeyRing.couldBeSecretKey("sk_parley_acceptance_0123456789abcdef"), "any key the rules accept");
        assertFalse(KeyRing.couldBeSecretKey("tr_dev_short"));
        assertFalse(KeyRing.couldBeSecretKey("tr_dev_0123456789abcdefghij 0123456789abcdefghij"));
        assertTrue(KeyRing.couldBeEnvironmentId("env_01JQ8Z6Y3V7X2K9M4N5P6R7S8T"));
        assertFalse(KeyRing.couldBeEnvironmentId("'; select pg_sleep(1); --"));
        assertFalse(KeyRing.couldBeEnvironmentId("env_" + "x".repeat(100)));
        assertFalse(KeyRing.couldBeEnvironmentId(null));
    }
}
