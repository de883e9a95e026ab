package dev.parley.auth.boundary;

import dev.parley.auth.control.Environments;
import dev.parley.auth.control.SecretKeys;
import dev.parley.auth.entity.Environment;
import dev.parley.platform.FirstStartSecrets;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * A fresh install gets a ready-to-use environment. Its secret key is shown once, at creation (stdout or
 * {@code PARLEY_SECRETS_FILE}); a key chosen with {@code PARLEY_BOOTSTRAP_SECRET_KEY} is used instead (and added to the existing environment on later starts).
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
public class BootstrapEnvironment {

    public static final String SLUG = "default";
    private static final Logger LOG = Logger.getLogger(BootstrapEnvironment.class.getName());

    @Inject
    Environments environments;

    @Inject
    FirstStartSecrets secrets;

    @Inject
    @ConfigProperty(name = "parley.bootstrap.secret.key")
    Optional<String> chosenSecret;

    @PostConstruct
    void bootstrap() {
        String chosen = chosenSecret.filter(s -> !s.isBlank()).map(String::trim).orElse(null);
        if (chosen != null) {
            try {
                SecretKeys.requireUsable(chosen);
            } catch (IllegalArgumentException e) {
                // Said before anything is written, in words an operator can act on, instead of a deep stack trace.
                String message = "PARLEY_BOOTSTRAP_SECRET_KEY is refused: " + e.getMessage();
                LOG.severe(message);
                throw new IllegalStateException(message);
            }
        }
        Optional<Environment> existing = environments.bySlug(SLUG);
        if (existing.isPresent()) {
            if (chosen != null && !environments.keyExists(chosen)) {
                environments.issueKey(existing.get(), chosen);
                LOG.info("added PARLEY_BOOTSTRAP_SECRET_KEY to the default environment");
            }
            return;
        }
        Environment env = environments.create(SLUG, "Default");
        Environments.IssuedKey issued = environments.issueKey(env, chosen);
        if (chosen != null) {
            LOG.info("created the default environment " + env.id() + " with PARLEY_BOOTSTRAP_SECRET_KEY");
        } else {
            // Shown once, on purpose: it is the only time the plain key exists.
            secrets.reveal("secret key of the default environment " + env.id(), issued.secret());
        }
    }
}
