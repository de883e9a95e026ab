package dev.parley.console.boundary;

import dev.parley.console.control.LocalAdmins;
import dev.parley.console.control.Passwords;
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
 * The console's fallback sign-in: at first start the local admin gets {@code PARLEY_CONSOLE_ADMIN_PASSWORD}, or a
 * generated password shown once (stdout or {@code PARLEY_SECRETS_FILE}). Only its hash is stored; later starts
 * leave an existing admin alone.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
public class LocalAdminBootstrap {

    private static final Logger LOG = Logger.getLogger(LocalAdminBootstrap.class.getName());

    @Inject
    LocalAdmins admins;

    @Inject
    FirstStartSecrets secrets;

    @Inject
    @ConfigProperty(name = "parley.console.admin.user", defaultValue = "admin")
    String username;

    @Inject
    @ConfigProperty(name = "parley.console.admin.password")
    Optional<String> chosenPassword;

    @PostConstruct
    void bootstrap() {
        if (admins.exists()) {
            return;
        }
        String chosen = chosenPassword.filter(p -> !p.isBlank()).orElse(null);
        if (chosen != null && chosen.length() < 12) {
            throw new IllegalStateException("PARLEY_CONSOLE_ADMIN_PASSWORD must have at least 12 characters");
        }
        String password = chosen != null ? chosen : Passwords.generate();
        admins.create(username, password);
        if (chosen != null) {
            LOG.info("created the console admin '" + username + "' with PARLEY_CONSOLE_ADMIN_PASSWORD");
        } else {
            // Shown once, on purpose: only the hash is kept.
            secrets.reveal("password of the console user '" + username + "'", password);
        }
    }
}
