package dev.parley.console.control;

import dev.parley.auth.control.SecretKeys;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.console.entity.ConsoleUser;
import dev.parley.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Console sign-in sessions. The token is a random {@code pcs_…} value carried in an HttpOnly cookie; only its hash is
 * stored, so a database dump signs nobody in. It is a different kind of credential from secret keys and session
 * tokens, and the console accepts nothing else. Callers own the transaction of {@link #issue} and {@link #revoke}.
 */
@ApplicationScoped
@Transactional
public class ConsoleSessions {

    public static final String PREFIX = "pcs_";
    public static final Duration LIFETIME = Duration.ofHours(12);

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** A session that ends at {@code expiresAt} (at most {@link #LIFETIME} from now). */
    public String issue(ConsoleUser user, Instant expiresAt) {
        Instant latest = Instant.now().plus(LIFETIME);
        Instant until = expiresAt.isAfter(latest) ? latest : expiresAt;
        String token = PREFIX + Ids.random(43);
        em.createNativeQuery("insert into console_session (token_hash, subject, role, source, expires_at) values (?, ?, ?, ?, ?)")
                .setParameter(1, SecretKeys.hash(token)).setParameter(2, user.subject()).setParameter(3, user.role().wire())
                .setParameter(4, user.source()).setParameter(5, Timestamp.from(until))
                .executeUpdate();
        return token;
    }

    public Optional<ConsoleUser> resolve(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 64) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select subject, role, source from console_session "
                        + "where token_hash = ? and expires_at > now()")
                .setParameter(1, SecretKeys.hash(token)).getResultList();
        return rows.stream().findFirst().flatMap(r -> ConsoleRole.fromWire((String) r[1])
                .map(role -> new ConsoleUser((String) r[0], role, (String) r[2])));
    }

    public void revoke(String token) {
        if (token != null) {
            em.createNativeQuery("delete from console_session where token_hash = ? or expires_at < now()")
                    .setParameter(1, SecretKeys.hash(token)).executeUpdate();
        }
    }
}
