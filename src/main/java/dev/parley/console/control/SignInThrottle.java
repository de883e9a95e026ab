package dev.parley.console.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the local sign-in: after {@link #MAX_FAILURES} wrong passwords from one address for one
 * user name within the window, that pair is refused until the window has passed. Per node and in memory: a restart
 * or another node starts afresh, which bounds guessing per node instead of locking the admin out cluster-wide.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, long since) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public SignInThrottle() {
        this(System::currentTimeMillis);
    }

    SignInThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Seconds until this pair may try again, or 0 if it may try now. */
    public long retryAfterSeconds(String address, String username) {
        Failures f = failures.get(key(address, username));
        if (f == null || f.count() < MAX_FAILURES) {
            return 0;
        }
        long left = f.since() + WINDOW.toMillis() - clock.getAsLong();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    public void failed(String address, String username) {
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        long now = clock.getAsLong();
        failures.merge(key(address, username), new Failures(1, now), (old, one) ->
                now - old.since() > WINDOW.toMillis() ? one : new Failures(old.count() + 1, old.since()));
    }

    public void succeeded(String address, String username) {
        failures.remove(key(address, username));
    }

    private static String key(String address, String username) {
        return address + "\n" + username;
    }
}
