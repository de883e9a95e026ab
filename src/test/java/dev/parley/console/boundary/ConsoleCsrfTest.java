package dev.parley.console.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleCsrfTest {

    private static final String HOST = "parley.example:8443";

    @Test
    void aStateChangeNeedsAJsonBodyTheConsoleHeaderOrAnAuthorizationHeader() {
        assertFalse(ConsoleCsrf.allowed(null, null, HOST, "text/plain", null, null), "a cross-site form's text/plain body");
        assertFalse(ConsoleCsrf.allowed(null, null, HOST, "application/x-www-form-urlencoded", null, null));
        assertFalse(ConsoleCsrf.allowed(null, null, HOST, null, null, null), "a bodiless POST");
        assertTrue(ConsoleCsrf.allowed(null, null, HOST, "application/json; charset=utf-8", null, null));
        assertTrue(ConsoleCsrf.allowed(null, null, HOST, null, "1", null));
        assertTrue(ConsoleCsrf.allowed(null, null, HOST, null, null, "Bearer eyJ..."), "the SSO exchange");
    }

    @Test
    void requestsFromAnotherSiteAreRefusedWhateverTheyCarry() {
        assertFalse(ConsoleCsrf.allowed("cross-site", null, HOST, "application/json", "1", null));
        assertFalse(ConsoleCsrf.allowed("same-site", null, HOST, "application/json", "1", null));
        assertFalse(ConsoleCsrf.allowed(null, "https://evil.example", HOST, "application/json", "1", null));
        assertTrue(ConsoleCsrf.allowed("same-origin", "https://parley.example:8443", HOST, "application/json", "1", null));
    }
}
