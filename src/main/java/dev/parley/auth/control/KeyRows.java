package dev.parley.auth.control;

import dev.parley.auth.entity.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * The queries behind {@link KeyRing}, each in a transaction of its own. They run in the authentication filter, before
 * any resource method starts a transaction; a query there outside a transaction keeps its pooled connection until the
 * request ends (the container's local transaction scope), so under load every request held one connection while
 * waiting for a second inside its resource method, and the pool deadlocked.
 */
@ApplicationScoped
@Transactional
class KeyRows {

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    Optional<KeyRing.ActiveKey> activeKeyOfHash(String hash) {
        List<ApiKey> found = em.createNamedQuery(ApiKey.BY_HASH, ApiKey.class).setParameter("hash", hash).getResultList();
        return found.isEmpty() || found.get(0).revoked() ? Optional.empty()
                : Optional.of(new KeyRing.ActiveKey(found.get(0).environmentId(), found.get(0).id()));
    }

    List<String> activeSealedSecrets(String environmentId) {
        return em.createNamedQuery(ApiKey.ACTIVE_OF_ENVIRONMENT, ApiKey.class).setParameter("environment", environmentId)
                .getResultList().stream().map(ApiKey::sealedSecret).toList();
    }
}
