package dev.parley.console.control;

import dev.parley.console.entity.OidcSignInStart;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OidcTokensTest {

    @Test
    void theChallengeIsS256AsInTheRfcsExample() {
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                OidcTokens.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void everyStartHasItsOwnVerifierAndNonceOfTheRequiredLength() {
        OidcSignInStart a = OidcTokens.start("http://x/cb", "/console/");
        OidcSignInStart b = OidcTokens.start("http://x/cb", "/console/");
        assertNotEquals(a.verifier(), b.verifier());
        assertNotEquals(a.nonce(), b.nonce());
        assertTrue(a.verifier().length() >= 43 && a.verifier().length() <= 128, a.verifier());
        assertTrue(a.verifier().matches("[A-Za-z0-9._~-]+"), a.verifier());
    }
}
