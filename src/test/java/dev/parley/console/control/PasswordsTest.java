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

    @Test
    void newHashesUseOwaspsIterationCountForSha256() {
        String stored = Passwords.hash("pw");
        assertTrue(stored.startsWith("pbkdf2-sha256$600000$"), stored);
        assertFalse(Passwords.needsRehash(stored));
    }

    @Test
    void hashesMadeWithFewerIterationsStillVerifyAndAskForARehash() {
        String old = "pbkdf2-sha256$210000$" + legacy("old password");
        assertTrue(Passwords.verify("old password", old));
        assertTrue(Passwords.needsRehash(old));
        assertTrue(Passwords.needsRehash("plain"));
    }

    /** A hash as the earlier release wrote it (210,000 iterations): salt and derived key, base64. */
    private static String legacy(String password) {
        try {
            byte[] salt = new byte[16];
            javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, 210_000, 256);
            byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return java.util.Base64.getEncoder().encodeToString(salt) + "$" + java.util.Base64.getEncoder().encodeToString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
