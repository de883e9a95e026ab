package dev.parley.auth.control;

import dev.parley.auth.entity.ApiKey;
import dev.parley.auth.entity.Environment;
import dev.parley.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Creates environments and their secret keys. Callers own the transaction. */
@ApplicationScoped
@Transactional
public class Environments {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Inject
    KeySealer sealer;

    @Inject
    KeyRing keyRing;

    /** A created key: the plain secret exists only in this value, to be shown once. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    public Environment create(String slug, String name) {
        Environment env = new Environment("env_" + Ids.next(), slug, name);
        em.persist(env);
        em.flush(); // the key rows reference it, and JPA does not order unrelated inserts
        return env;
    }

    public IssuedKey issueKey(Environment env, String chosenSecret) {
        String secret = chosenSecret != null ? chosenSecret : SecretKeys.generate(env.slug());
        SecretKeys.requireUsable(secret);
        ApiKey key = new ApiKey("key_" + Ids.next(), env.id(), SecretKeys.hash(secret), SecretKeys.hint(secret),
                sealer.seal(secret));
        em.persist(key);
        keyRing.forget(env.id());
        return new IssuedKey(key, secret);
    }

    public Optional<Environment> bySlug(String slug) {
        return em.createQuery("select e from Environment e where e.slug = :slug", Environment.class)
                .setParameter("slug", slug).getResultStream().findFirst();
    }

    public boolean keyExists(String secret) {
        return !em.createNamedQuery(ApiKey.BY_HASH, ApiKey.class).setParameter("hash", SecretKeys.hash(secret))
                .getResultList().isEmpty();
    }

    public List<Environment> all() {
        return em.createQuery("select e from Environment e order by e.createdAt", Environment.class).getResultList();
    }
}
