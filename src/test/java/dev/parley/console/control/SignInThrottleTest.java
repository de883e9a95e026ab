package dev.parley.console.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SignInThrottle throttle = new SignInThrottle(now::get);

    @Test
    void refusesAPairAfterTooManyFailuresUntilTheWindowHasPassed() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "admin"));
            throttle.failed("10.0.0.1", "admin");
        }
        long wait = throttle.retryAfterSeconds("10.0.0.1", "admin");
        assertTrue(wait > 0 && wait <= SignInThrottle.WINDOW.toSeconds(), "wait " + wait);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2", "admin"), "another address is not affected");
        now.addAndGet(SignInThrottle.WINDOW.toMillis() + 1);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "admin"));
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        throttle.succeeded("10.0.0.1", "admin");
        throttle.failed("10.0.0.1", "admin");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "admin"));
    }

    @Test
    void failuresOutsideTheWindowStartANewCount() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        now.addAndGet(SignInThrottle.WINDOW.toMillis() + 1);
        throttle.failed("10.0.0.1", "admin");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1", "admin"));
    }

    @Test
    void sprayingUserNamesNeitherResetsNorEvictsTheCountOfANameUnderAttack() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        // a second client sprays more names than the throttle tracks, asking first as the sign-in route does
        int tried = 0;
        for (int i = 0; i < 2 * SignInThrottle.MAX_TRACKED; i++) {
            if (throttle.retryAfterSeconds("10.0.0.9", "user" + i) == 0) {
                throttle.failed("10.0.0.9", "user" + i);
                tried++;
            }
        }
        assertEquals(SignInThrottle.MAX_CLIENT_FAILURES, tried, "one client is stopped after its own failures");
        assertTrue(throttle.retryAfterSeconds("10.0.0.1", "admin") > 0, "admin's count survived the spray");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2", "admin"), "and locks out nobody else");
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfClients() {
        for (int i = 0; i < 3 * SignInThrottle.MAX_TRACKED; i++) {
            throttle.failed("10.1." + (i / 250) + "." + (i % 250), "user" + i);
        }
        throttle.failed("10.0.0.1", "admin");
        for (int i = 1; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.1", "admin");
        }
        assertTrue(throttle.retryAfterSeconds("10.0.0.1", "admin") > 0, "the newest entries are kept");
    }
}
