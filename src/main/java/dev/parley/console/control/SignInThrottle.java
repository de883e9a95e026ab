package dev.parley.console.control;

import dev.parley.limits.control.Lru;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the local sign-in, before any password is hashed: after {@link #MAX_FAILURES} wrong
 * passwords for one user name from one client, that pair is refused until the window has passed; after
 * {@link #MAX_CLIENT_FAILURES} from one client for any names, the client is. Both are bounded LRUs, so spraying
 * user names evicts the sprayer's own cold entries and never resets the count of a name under attack; and neither
 * locks a user name out for everyone. The client is the configured client address (a trusted proxy's
 * {@code X-Forwarded-For}), so behind a proxy one visitor's failures do not lock out the others.
 * <p>
 * Per node and in memory: a restart or another node starts afresh, which bounds guessing per node instead of locking
 * the admin out cluster-wide.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final int MAX_CLIENT_FAILURES = 20;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, long since) {
    }

    private final Lru<String, Failures> byPair = new Lru<>(MAX_TRACKED);
    private final Lru<String, Failures> byClient = new Lru<>(MAX_TRACKED);
    private final LongSupplier clock;

    public SignInThrottle() {
        this(System::currentTimeMillis);
    }

    SignInThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Seconds until this client may try this name again, or 0 if it may try now. */
    public long retryAfterSeconds(String client, String username) {
        return Math.max(wait(byPair.get(pair(client, username)), MAX_FAILURES), wait(byClient.get(client), MAX_CLIENT_FAILURES));
    }

    public void failed(String client, String username) {
        long now = clock.getAsLong();
        count(byPair, pair(client, username), now);
        count(byClient, client, now);
    }

    /** A right password clears the pair; the client's count stays, or a known name would launder a spray. */
    public void succeeded(String client, String username) {
        byPair.remove(pair(client, username));
    }

    private long wait(Failures f, int max) {
        if (f == null || f.count() < max) {
            return 0;
        }
        long left = f.since() + WINDOW.toMillis() - clock.getAsLong();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    private void count(Lru<String, Failures> map, String key, long now) {
        synchronized (map) {
            Failures old = map.get(key);
            map.put(key, old == null || now - old.since() > WINDOW.toMillis() ? new Failures(1, now)
                    : new Failures(old.count() + 1, old.since()));
        }
    }

    private static String pair(String client, String username) {
        return client + "\n" + username;
    }
}
