package com.example.supportdesk.store;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.logging.Logger;

/**
 * Applies the desk's own migrations (db/support-desk) at start-up, in Parley's database but in the schema
 * {@code support_desk} with its own history table there, so they never meet Parley's (public.parley_schema_history).
 * The application is not started until they ran, so no chat reaches an agent before its tables exist.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DeskMigrations {

    private static final Logger LOG = Logger.getLogger(DeskMigrations.class.getName());

    /** Parley's datasource (parley-runtime.xml): the desk lives next to Parley, in the same PostgreSQL. */
    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(DeskMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/support-desk")
                .schemas("support_desk")
                .table("support_desk_schema_history")
                .load()
                .migrate();
        LOG.info(() -> "support desk schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }
}
