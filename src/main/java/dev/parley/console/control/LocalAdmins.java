package dev.parley.console.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;

/** The built-in local admin credential, stored as a PBKDF2 hash. Callers own the transaction (a sign-in may rehash). */
@ApplicationScoped
@Transactional
public class LocalAdmins {

    /** Verified against when the user is unknown, so an unknown name costs as much time as a wrong password. */
    private static final String DECOY = Passwords.hash(Passwords.generate());

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    public boolean exists() {
        return !em.createNativeQuery("select 1 from console_admin").setMaxResults(1).getResultList().isEmpty();
    }

    public void create(String username, String password) {
        em.createNativeQuery("insert into console_admin (username, password_hash) values (?, ?) on conflict do nothing")
                .setParameter(1, username).setParameter(2, Passwords.hash(password)).executeUpdate();
    }

    public boolean verify(String username, String password) {
        @SuppressWarnings("unchecked")
        List<String> hashes = em.createNativeQuery("select password_hash from console_admin where username = ?")
                .setParameter(1, username).getResultList();
        boolean ok = Passwords.verify(password, hashes.isEmpty() ? DECOY : hashes.get(0));
        if (ok && !hashes.isEmpty() && Passwords.needsRehash(hashes.get(0))) {
            // the password is known only now: upgrade a hash made with the older, cheaper iteration count
            em.createNativeQuery("update console_admin set password_hash = ? where username = ? and password_hash = ?")
                    .setParameter(1, Passwords.hash(password)).setParameter(2, username).setParameter(3, hashes.get(0))
                    .executeUpdate();
        }
        return ok && !hashes.isEmpty();
    }
}
