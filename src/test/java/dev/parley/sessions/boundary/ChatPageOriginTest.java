package dev.parley.sessions.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatPageOriginTest {

    @Test
    void thePageItselfMayStartChats() {
        assertTrue(ChatPageResource.sameOrigin("http://localhost:9080", "localhost:9080", "same-origin"));
        assertTrue(ChatPageResource.sameOrigin("http://LocalHost:9080", "localhost:9080", null));
    }

    @Test
    void toolsWithoutBrowserHeadersAreLetThrough() {
        assertTrue(ChatPageResource.sameOrigin(null, "localhost:9080", null));
        assertTrue(ChatPageResource.sameOrigin(null, "localhost:9080", "none"));
    }

    @Test
    void otherSitesAreTurnedAway() {
        assertFalse(ChatPageResource.sameOrigin("https://evil.example", "localhost:9080", "cross-site"));
        assertFalse(ChatPageResource.sameOrigin("https://evil.example", "localhost:9080", null));
        assertFalse(ChatPageResource.sameOrigin("http://localhost:9081", "localhost:9080", null));
        assertFalse(ChatPageResource.sameOrigin(null, "localhost:9080", "same-site"));
        assertFalse(ChatPageResource.sameOrigin("null", "localhost:9080", null));
        assertFalse(ChatPageResource.sameOrigin("http://[bad", "localhost:9080", null));
    }
}
