package dev.parley.auth.boundary;

import dev.parley.auth.control.KeySealer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A node whose key-encryption key differs from the one the stored secret keys were sealed with could verify no
 * customer-signed token and would answer 500s later; it refuses to start instead, saying why.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
public class KeyEncryptionCheck {

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Inject
    KeySealer sealer;

    @PostConstruct
    void check() {
        String sealed;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select sealed_secret from api_key order by created_at limit 1")) {
            if (!rs.next()) {
                return; // nothing sealed yet: this node's key will be the one
            }
            sealed = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored secret keys", e);
        }
        try {
            sealer.unseal(sealed);
        } catch (IllegalStateException wrongKey) {
            throw new IllegalStateException("PARLEY_KEY_ENCRYPTION_KEY does not open the secret keys stored in the database: "
                    + "this node's key-encryption key differs from the one they were sealed with. Set the same "
                    + "PARLEY_KEY_ENCRYPTION_KEY on every node sharing the database.", wrongKey);
        }
    }
}
