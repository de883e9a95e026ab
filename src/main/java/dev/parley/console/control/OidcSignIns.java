package dev.parley.console.control;

import dev.parley.auth.control.SecretKeys;
import dev.parley.console.entity.OidcSignInStart;
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
 * Pending browser sign-ins, keyed by the hash of their {@code state}. Invariant: a state is good for one callback,
 * from the browser that started it, within {@link #LIFETIME}. Taking deletes the row in its own transaction, so a
 * sign-in that fails afterwards (a refused code, no role) cannot be retried with the same state, and of two
 * concurrent callbacks with one state only the one whose delete counted gets it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class OidcSignIns {

    public static final Duration LIFETIME = Duration.ofMinutes(10);

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    public void remember(String state, String browser, OidcSignInStart start) {
        em.createNativeQuery("delete from console_oidc_sign_in where expires_at < now()").executeUpdate();
        em.createNativeQuery("insert into console_oidc_sign_in (state_hash, browser_hash, verifier, nonce, redirect_uri, "
                        + "return_to, expires_at) values (?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, SecretKeys.hash(state)).setParameter(2, SecretKeys.hash(browser))
                .setParameter(3, start.verifier()).setParameter(4, start.nonce()).setParameter(5, start.redirectUri())
                .setParameter(6, start.returnTo()).setParameter(7, Timestamp.from(Instant.now().plus(LIFETIME)))
                .executeUpdate();
    }

    /** The sign-in started under {@code state} by the browser holding {@code browser}; gone afterwards either way. */
    public Optional<OidcSignInStart> take(String state, String browser) {
        String key = SecretKeys.hash(state);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select browser_hash, verifier, nonce, redirect_uri, return_to "
                        + "from console_oidc_sign_in where state_hash = ? and expires_at > now()")
                .setParameter(1, key).getResultList();
        int deleted = em.createNativeQuery("delete from console_oidc_sign_in where state_hash = ?")
                .setParameter(1, key).executeUpdate();
        if (rows.isEmpty() || deleted != 1 || browser == null) {
            return Optional.empty();
        }
        Object[] r = rows.getFirst();
        if (!java.security.MessageDigest.isEqual(((String) r[0]).trim().getBytes(), SecretKeys.hash(browser).getBytes())) {
            return Optional.empty();
        }
        return Optional.of(new OidcSignInStart((String) r[1], (String) r[2], (String) r[3], (String) r[4]));
    }
}
