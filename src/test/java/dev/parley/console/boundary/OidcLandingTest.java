package dev.parley.console.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OidcLandingTest {

    @Test
    void consolePathsAreKept() {
        assertEquals("/console/#/agents", OidcResource.landing("/console/#/agents"));
        assertEquals("/console/#/sessions?environment=default", OidcResource.landing("/console/#/sessions?environment=default"));
    }

    @Test
    void anythingThatCouldLeaveTheConsoleLandsOnItsStart() {
        for (String elsewhere : new String[]{null, "", "https://evil.example/console/", "//evil.example/console/",
                "/console//evil.example", "/console/../api/v1/sessions", "/console/\\evil", "/api/v1/sessions",
                "/console/%2F%2Fevil", "javascript:alert(1)", "/console/" + "a".repeat(300)}) {
            assertEquals("/console/", OidcResource.landing(elsewhere), String.valueOf(elsewhere));
        }
    }
}
