package dev.parley.platform;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once this node has brought the schema up to date. Migrations run at start and can take a while after an
 * upgrade, so an orchestrator should wait on this check, not kill the node for a slow liveness answer.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    @EJB
    DatabaseMigrations migrations;

    @Override
    public HealthCheckResponse call() {
        String version = migrations.schemaVersion();
        var r = HealthCheckResponse.named("parley-started").status(version != null);
        return version == null ? r.build() : r.withData("schemaVersion", version).build();
    }
}
