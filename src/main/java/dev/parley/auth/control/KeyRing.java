package dev.parley.auth.control;

import dev.parley.auth.entity.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up secret keys by their hash and an environment's secrets for token signing and verification. Lookups are
 * cached for a few seconds, so a revoked key stops working within {@link #TTL_NANOS} on every node.
 */
@ApplicationScoped
public class KeyRing {

    static final long TTL_NANOS = 5_000_000_000L;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    KeySealer sealer;

    private final Map<String, Cached<String>> environmentByHash = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<String>>> secretsByEnvironment = new ConcurrentHashMap<>();

    private record Cached<T>(T value, long until) {
        boolean fresh() {
            return System.nanoTime() < until;
        }
    }

    /** The environment a secret key belongs to, if the key exists and is not revoked. */
    public Optional<String> environmentOfSecret(String secret) {
        String hash = SecretKeys.hash(secret);
        Cached<String> c = environmentByHash.get(hash);
        if (c != null && c.fresh()) {
            return Optional.of(c.value());
        }
        List<ApiKey> found = em.createNamedQuery(ApiKey.BY_HASH, ApiKey.class).setParameter("hash", hash).getResultList();
        if (found.isEmpty() || found.get(0).revoked()) {
            environmentByHash.remove(hash);
            return Optional.empty();
        }
        String env = found.get(0).environmentId();
        environmentByHash.put(hash, new Cached<>(env, System.nanoTime() + TTL_NANOS));
        return Optional.of(env);
    }

    /** Every active secret of the environment, newest first: tokens signed with any of them verify. */
    public List<String> verificationSecrets(String environmentId) {
        Cached<List<String>> c = secretsByEnvironment.get(environmentId);
        if (c != null && c.fresh()) {
            return c.value();
        }
        List<String> secrets = em.createNamedQuery(ApiKey.ACTIVE_OF_ENVIRONMENT, ApiKey.class)
                .setParameter("environment", environmentId).getResultList().stream()
                .map(k -> sealer.unseal(k.sealedSecret())).toList();
        if (secretsByEnvironment.size() > 10_000) {
            secretsByEnvironment.clear();
        }
        secretsByEnvironment.put(environmentId, new Cached<>(secrets, System.nanoTime() + TTL_NANOS));
        return secrets;
    }

    /** The newest active secret signs the tokens Parley mints. */
    public String signingSecret(String environmentId) {
        List<String> secrets = verificationSecrets(environmentId);
        if (secrets.isEmpty()) {
            throw new IllegalStateException("environment " + environmentId + " has no active secret key");
        }
        return secrets.get(0);
    }

    public void forget(String environmentId) {
        secretsByEnvironment.remove(environmentId);
        environmentByHash.clear();
    }
}
