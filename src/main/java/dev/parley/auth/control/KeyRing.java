package dev.parley.auth.control;

import dev.parley.limits.control.ExpiringCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Looks up secret keys by their hash and an environment's secrets for token signing and verification. Lookups are
 * cached for a few seconds, so a revoked key stops working within {@link #TTL_NANOS} on every node.
 * <p>
 * Both lookups are driven by unauthenticated input (a guessed key, the unverified {@code sub} of a token), so the
 * caches are bounded LRUs that also remember misses: a flood of made-up credentials costs one query per distinct
 * value and expiry, and evicts only cold entries, never everything. Values that cannot be a key or an environment id
 * cost no query at all.
 */
@ApplicationScoped
public class KeyRing {

    static final long TTL_NANOS = 5_000_000_000L;
    static final int CAPACITY = 10_000;

    @Inject
    KeyRows rows;

    @Inject
    KeySealer sealer;

    /** A secret key that authenticates: its environment, and its id (what the audit log names, never the secret). */
    public record ActiveKey(String environmentId, String keyId) {
    }

    private final ExpiringCache<String, Optional<ActiveKey>> keyByHash = new ExpiringCache<>(CAPACITY, TTL_NANOS);
    private final ExpiringCache<String, List<String>> secretsByEnvironment = new ExpiringCache<>(CAPACITY, TTL_NANOS);

    /** The key a secret is, with its environment, if the key exists and is not revoked. */
    public Optional<ActiveKey> keyOfSecret(String secret) {
        if (!couldBeSecretKey(secret)) {
            return Optional.empty();
        }
        return keyByHash.get(SecretKeys.hash(secret), rows::activeKeyOfHash);
    }

    /** Every active secret of the environment, newest first: tokens signed with any of them verify. */
    public List<String> verificationSecrets(String environmentId) {
        if (!couldBeEnvironmentId(environmentId)) {
            return List.of();
        }
        return secretsByEnvironment.get(environmentId,
                env -> rows.activeSealedSecrets(env).stream().map(sealer::unseal).toList());
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
        keyByHash.clear();
    }

    /** Keys shorter than the rules allow, or with spaces, were never issued (see {@link SecretKeys#requireUsable}). */
    static boolean couldBeSecretKey(String secret) {
        return secret != null && secret.length() >= SecretKeys.MIN_LENGTH && secret.length() <= SecretKeys.MAX_LENGTH
                && secret.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** Environment ids are {@code env_} and a generated id. */
    static boolean couldBeEnvironmentId(String id) {
        return id != null && id.startsWith("env_") && id.length() <= 64
                && id.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
