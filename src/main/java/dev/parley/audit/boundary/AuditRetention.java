package dev.parley.audit.boundary;

import dev.parley.audit.control.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes audit entries older than {@code PARLEY_RETENTION_AUDIT_DAYS} (0 keeps them), every
 * {@code PARLEY_RETENTION_AUDIT_SWEEP_SECONDS} (ten minutes) on every node. Deleting by age is idempotent, so nodes
 * sharing a database need no coordination and a non-persistent timer is enough; each run deletes slices until none is
 * left, so a backlog (a lowered setting) clears in one run without one long transaction.
 */
@Singleton
@Startup
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @Inject
    AuditLog log;

    @Inject
    @ConfigProperty(name = "parley.retention.audit.days", defaultValue = "365")
    int days;

    @Inject
    @ConfigProperty(name = "parley.retention.audit.sweep.seconds", defaultValue = "600")
    int everySeconds;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        if (days > 0) {
            long every = Math.max(1, everySeconds) * 1000L;
            timers.createIntervalTimer(every, every, new TimerConfig(null, false));
        }
    }

    /** Each slice commits on its own (AuditLog.trimBefore), not all in the timer's transaction. */
    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
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
