package dev.parley.audit.boundary;

import dev.parley.audit.control.AuditLog;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes audit entries older than {@code PARLEY_RETENTION_AUDIT_DAYS} (0 keeps them), every ten minutes on every
 * node. Deleting by age is idempotent, so nodes sharing a database need no coordination; each run deletes slices
 * until none is left, so a backlog (a lowered setting) clears in one run without one long transaction.
 */
@Singleton
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @Inject
    AuditLog log;

    @Inject
    @ConfigProperty(name = "parley.retention.audit.days", defaultValue = "365")
    int days;

    /** Each slice commits on its own (AuditLog.trimBefore), not all in the timer's transaction. */
    @Schedule(minute = "*/10", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
        if (days <= 0) {
            return;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        int total = 0;
        int deleted;
        do {
            deleted = log.trimBefore(cutoff);
            total += deleted;
        } while (deleted > 0);
        if (total > 0) {
            LOG.log(Level.INFO, "audit retention: deleted {0} entries older than {1} days", new Object[]{total, days});
        }
    }
}
