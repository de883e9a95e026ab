package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAddressTest {

    @Test
    void forwardedHeadersAreIgnoredUnlessThePeerIsATrustedProxy() {
        ClientAddress none = new ClientAddress("");
        assertEquals("203.0.113.7", none.of("203.0.113.7", "10.9.9.9"), "anyone can send X-Forwarded-For");
        assertFalse(none.secure(false, "203.0.113.7", "https"));
    }

    @Test
    void behindATrustedProxyTheClientIsTheNearestUntrustedHop() {
        ClientAddress proxied = new ClientAddress("10.0.0.2, 10.0.0.3");
        assertEquals("198.51.100.4", proxied.of("10.0.0.2", "1.2.3.4, 198.51.100.4, 10.0.0.3"),
                "the left-most hop is whatever the client claimed; the proxies' own entries are skipped");
        assertEquals("10.0.0.2", proxied.of("10.0.0.2", null));
        assertTrue(proxied.secure(false, "10.0.0.2", "https"));
        assertFalse(proxied.secure(false, "10.0.0.2", "http"));
        assertTrue(proxied.secure(true, "203.0.113.7", null), "a TLS socket is secure whoever the peer is");
    }
}
