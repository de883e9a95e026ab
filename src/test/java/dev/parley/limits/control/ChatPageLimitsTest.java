package dev.parley.limits.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatPageLimitsTest {

    @Test
    void onlyALoopbackBindCountsAsLoopback() {
        assertTrue(ChatPageLimits.loopback("127.0.0.1"));
        assertTrue(ChatPageLimits.loopback("::1"));
        assertTrue(ChatPageLimits.loopback("[::1]"));
        assertTrue(ChatPageLimits.loopback("localhost"));
        assertFalse(ChatPageLimits.loopback("*"), "Liberty's every-interface bind");
        assertFalse(ChatPageLimits.loopback("0.0.0.0"));
        assertFalse(ChatPageLimits.loopback("192.0.2.10"));
        assertFalse(ChatPageLimits.loopback(""));
    }

    @Test
    void theChatPageStaysOffOnAWideBindUnlessForced() {
        assertFalse(page(true, false, "*").enabled());
        assertTrue(page(true, true, "*").enabled());
        assertTrue(page(true, false, "127.0.0.1").enabled());
        assertFalse(page(false, true, "127.0.0.1").enabled());
    }

    @Test
    void chatStartsAreLimitedPerAddressAndInTotal() {
        ChatPageLimits page = page(true, false, "127.0.0.1");
        for (int i = 0; i < 3; i++) {
            page.admit("10.0.0.1");
        }
        assertEquals429(() -> page.admit("10.0.0.1"));
        for (int i = 2; i < 6; i++) {
            page.admit("10.0.0." + i);
        }
        assertEquals429(() -> page.admit("10.0.0.99"));
    }

    private static void assertEquals429(Runnable r) {
        dev.parley.platform.ApiException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.parley.platform.ApiException.class, r::run);
        org.junit.jupiter.api.Assertions.assertEquals(429, e.status());
        assertTrue(Long.parseLong(e.headers().get("Retry-After")) > 0);
        org.junit.jupiter.api.Assertions.assertEquals("rate_limited", e.body().getString("code"));
    }

    private static ChatPageLimits page(boolean enabled, boolean force, String host) {
        ChatPageLimits p = new ChatPageLimits();
        p.configured = enabled;
        p.force = force;
        p.host = host;
        p.perIp = 3;
        p.total = 7;
        p.init();
        return p;
    }
}
