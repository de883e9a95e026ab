package dev.parley.console.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordsTest {

    @Test
    void verifiesOnlyTheHashedPassword() {
        String stored = Passwords.hash("correct horse battery");
        assertTrue(Passwords.verify("correct horse battery", stored));
        assertFalse(Passwords.verify("correct horse battery ", stored));
        assertFalse(Passwords.verify("", stored));
        assertFalse(stored.contains("correct"), "the password itself is not stored");
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(Passwords.hash("same password"), Passwords.hash("same password"));
    }

    @Test
    void malformedStoredValuesNeverVerify() {
        assertFalse(Passwords.verify("x", null));
        assertFalse(Passwords.verify("x", "plain"));
        assertFalse(Passwords.verify("x", "pbkdf2-sha256$notanumber$AA==$AA=="));
        assertFalse(Passwords.verify("x", "pbkdf2-sha256$1000$!!$AA=="));
        assertFalse(Passwords.verify(null, Passwords.hash("x")));
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = Passwords.generate();
        assertTrue(a.length() >= 24);
        assertNotEquals(a, Passwords.generate());
    }
}
