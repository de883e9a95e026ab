package dev.parley.streams.boundary;

import dev.parley.streams.control.CrossNodeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while this node cannot hear other nodes' appends: its live readers would stall on records written
 * elsewhere. Recovers by itself once the LISTEN connection is back (and resynchronised).
 */
@Readiness
@ApplicationScoped
public class CrossNodeReadiness implements HealthCheck {

    @Inject
    CrossNodeListener listener;

    @Override
    public HealthCheckResponse call() {
        boolean up = listener.healthy();
        return HealthCheckResponse.named("parley-notifications").status(up).withData("listen", up ? "UP" : "DOWN").build();
    }
}
