package dev.parley.streams.boundary;

import dev.parley.streams.control.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the retention sweep on every node every {@code PARLEY_RETENTION_SWEEP_SECONDS} (20 s). Each sweep is idempotent
 * and touches only rows that are past their grace period, so nodes sharing one database need no coordination; a
 * non-persistent timer is enough.
 */
@Singleton
@Startup
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());

    @Inject
    Retention retention;

    @Inject
    @ConfigProperty(name = "parley.retention.sweep.seconds", defaultValue = "20")
    int everySeconds;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        long every = Math.max(1, everySeconds) * 1000L;
        timers.createIntervalTimer(every, every, new TimerConfig(null, false));
    }

    @Timeout
    void sweep() {
        int records = retention.applyDueTrims() + retention.trimAnsweredInput();
        int claims = retention.expireClaims();
        if (records > 0 || claims > 0) {
            LOG.log(Level.FINE, "retention: {0} trimmed records, {1} expired part claims", new Object[]{records, claims});
        }
    }
}
