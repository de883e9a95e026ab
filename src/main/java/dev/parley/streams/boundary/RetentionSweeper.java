package dev.parley.streams.boundary;

import dev.parley.streams.control.Retention;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the retention sweep on every node every 20 s. Each sweep is idempotent and touches only rows that are past
 * their grace period, so nodes sharing one database need no coordination; a non-persistent timer is enough.
 */
@Singleton
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());

    @Inject
    Retention retention;

    @Schedule(second = "*/20", minute = "*", hour = "*", persistent = false)
    void sweep() {
        int records = retention.applyDueTrims() + retention.trimAnsweredInput();
        int claims = retention.expireClaims();
        if (records > 0 || claims > 0) {
            LOG.log(Level.FINE, "retention: {0} trimmed records, {1} expired part claims", new Object[]{records, claims});
        }
    }
}
